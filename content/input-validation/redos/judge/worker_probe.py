"""Written into the target by the judge as pysec_request_worker.py.

The sign-up service calls is_valid_email() from a worker thread per request (app/signup.py),
so the judge does the same: a fix that only works in the main thread is not a fix for the
web form. The answer is passed back as a plain bool; an exception is re-raised here, so the
learner sees their own traceback.
"""

import threading

from app import validators


def check(raw):
    outcome = {}

    def handle_request():
        try:
            outcome["value"] = validators.is_valid_email(raw)
        except BaseException as exc:  # noqa: BLE001 - reported to the judge as it is
            outcome["error"] = exc

    worker = threading.Thread(target=handle_request, name="signup-request", daemon=True)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return bool(outcome["value"])
