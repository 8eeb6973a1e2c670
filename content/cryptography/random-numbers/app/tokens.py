"""Every random code the Dockside Hall box office hands out.

- ticket codes: the QR code on each ticket; the door scanner lets in whoever shows one;
- password-reset tokens: sent by e-mail as a link; whoever has one sets a new password;
- session IDs: the cookie that keeps a customer logged in.
"""

import random

# One generator for the whole app. It seeds itself from the operating system when the
# app starts, so the codes are different every time the box office is restarted.
_rng = random.Random()


def ticket_code():
    """8 hex digits: a small QR code, and four billion possible codes."""
    return f"{_rng.getrandbits(32):08x}"


def reset_token():
    """128 random bits in hex, as long as a UUID: nobody is going to guess that."""
    return f"{_rng.getrandbits(128):032x}"


def session_id():
    """128 random bits in hex, like the reset token."""
    return f"{_rng.getrandbits(128):032x}"
