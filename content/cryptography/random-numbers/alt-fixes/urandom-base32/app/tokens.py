"""Every random code the Dockside Hall box office hands out (tickets, reset tokens, sessions)."""

import base64
import os


def _base32(nbytes):
    """Random bytes from the OS as lowercase base32: no look-alike 0/O or 1/l, easy to read out."""
    return base64.b32encode(os.urandom(nbytes)).decode("ascii").rstrip("=").lower()


def ticket_code():
    return _base32(20)  # 160 bits, 32 characters


def reset_token():
    return _base32(35)  # 280 bits


def session_id():
    return _base32(35)
