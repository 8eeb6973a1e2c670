"""Every random code the Dockside Hall box office hands out.

- ticket codes: the QR code on each ticket; the door scanner lets in whoever shows one;
- password-reset tokens: sent by e-mail as a link; whoever has one sets a new password;
- session IDs: the cookie that keeps a customer logged in.

All of them are secrets, so all of them come from the secrets module: the operating
system's cryptographically secure generator. Unlike random.Random (a Mersenne Twister,
whose state can be rebuilt from 624 outputs), nothing it has produced says anything
about what it will produce next. 16 random bytes (128 bits) is the floor for a secret
that must not be guessed; token_urlsafe() writes them with URL-safe characters.
"""

import secrets


def ticket_code():
    """128 random bits, 22 URL-safe characters: still a small QR code."""
    return secrets.token_urlsafe(16)


def reset_token():
    """256 random bits for the most valuable code of all: it sets a password."""
    return secrets.token_urlsafe(32)


def session_id():
    return secrets.token_urlsafe(32)
