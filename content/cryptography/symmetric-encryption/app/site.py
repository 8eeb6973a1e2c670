"""The Larkspur allotments members' site: sign-up, profile, drafts and the committee console.

Every function here is what a browser request does; the cookie is whatever the browser
sends back. You will not need to change this file.
"""

from pathlib import Path

from app import crypto

DATA = Path("data")
ROLES = ("member", "admin")


def _next_uid():
    counter = DATA / "next_uid"
    uid = int(counter.read_text()) if counter.exists() else 1001
    counter.parent.mkdir(parents=True, exist_ok=True)
    counter.write_text(str(uid + 1))
    return uid


def issue_cookie(email, uid, role):
    """The login cookie for a member: their profile, encrypted."""
    return crypto.encrypt_cookie(f"email={email}&uid={uid}&role={role}")


def register(email):
    """Sign-up form: creates a member account and returns its login cookie."""
    email = email.replace("&", "").replace("=", "")  # these would break the profile format
    if "@" not in email or len(email) > 254:
        raise ValueError("please enter an e-mail address")
    return issue_cookie(email, _next_uid(), "member")


def profile(cookie):
    """Who is logged in: {"email", "uid", "role"}, or None for a cookie the site can't use."""
    try:
        text = crypto.decrypt_cookie(cookie)
    except crypto.InvalidToken:
        return None
    fields = {}
    for part in text.split("&"):
        name, sep, value = part.partition("=")
        if not sep:
            return None
        fields[name] = value
    if set(fields) != {"email", "uid", "role"} or not fields["uid"].isdigit() or fields["role"] not in ROLES:
        return None
    return {"email": fields["email"], "uid": int(fields["uid"]), "role": fields["role"]}


def admin_console(cookie):
    """The committee's page. Shows the credentials for the allotment's bank account."""
    who = profile(cookie)
    if who is None or who["role"] != "admin":
        raise PermissionError("committee members only")
    bank_key = (DATA / "bank_api_key").read_text().strip()
    return f"Committee console — welcome, {who['email']}. Bank API key: {bank_key}"


def save_draft(cookie, text):
    """Saves an unfinished message to the committee: returns a draft token for the browser."""
    if profile(cookie) is None:
        raise PermissionError("please log in")
    return crypto.encrypt_draft(text)


def load_draft(cookie, draft):
    """Opens a draft token again; None if it is not a draft this site made."""
    if profile(cookie) is None:
        raise PermissionError("please log in")
    try:
        return crypto.decrypt_draft(draft)
    except crypto.InvalidToken:
        return None


if __name__ == "__main__":
    # A quick tour: python -m app.site
    cookie = register("mira@example.org")
    print("cookie: ", cookie)
    print("profile:", profile(cookie))
    draft = save_draft(cookie, "The compost bins by plot 12 need emptying.")
    print("draft:  ", draft)
    print("opened: ", load_draft(cookie, draft))
