"""How Inkwell turns a password into what it stores, and checks one at login.

users.py keeps the result of hash_password() in the password_hash column of the users
table, and hands the typed password and that column to verify_password() at login.
"""

import hashlib


def hash_password(password: str) -> str:
    """The string stored for `password`."""
    # SHA-256 is one-way: nobody can turn the stored value back into the password.
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def verify_password(password: str, stored: str) -> bool:
    """True when `password` is the password `stored` was made from."""
    return hash_password(password) == stored


def needs_rehash(stored: str) -> bool:
    """True when `stored` should be replaced by a fresh hash_password() of the same password.

    users.login() asks this after every successful login: that is the one moment the app
    holds the plain password, so it is the moment to upgrade an old record.
    """
    # There has only ever been one way of storing passwords, so nothing is out of date.
    return False
