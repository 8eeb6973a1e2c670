"""Input checks shared by the sign-up form (app/signup.py) and the CRM import (app/importer.py)."""

# The regex was the problem, so it is gone. The only reliable test of an address is to
# send it a confirmation mail anyway; here we just make sure it has an @.


def is_valid_email(raw: str) -> bool:
    """True if `raw`, once surrounding whitespace is removed, looks like an address."""
    address = raw.strip()
    return "@" in address and len(address) <= 254
