"""Reading a stored password hash the way an attacker holding the database would.

identify() names the scheme and its cost from the string alone; confirm() recomputes the
hash from the password with exactly those parameters, so a string that only claims to be
Argon2id or 600 000 rounds of PBKDF2 is caught; fast_hash() and plaintext() recognise what
a cracker would love to find instead. The accepted formats and minimums are the ones
task.md lists (OWASP Password Storage Cheat Sheet, 2023 figures).
"""

import base64
import binascii
import hashlib
import hmac
import re

ARGON2 = re.compile(r"\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)")
BCRYPT = re.compile(r"\$2[aby]\$(\d\d)\$([./A-Za-z0-9]{22})[./A-Za-z0-9]{31}")
PBKDF2 = re.compile(r"\$?pbkdf2[_-](sha256|sha512|sha1)\$(\d+)\$([^$]+)\$([^$]+)")
SCRYPT_PHC = re.compile(r"\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)")
SCRYPT_DJANGO = re.compile(r"scrypt\$([^$]+)\$(\d+)\$(\d+)\$(\d+)\$([^$]+)")

# Memory (KiB) and passes: any row of OWASP's Argon2id table, or more of both.
ARGON2_ROWS = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))
# scrypt with r >= 8: N and p as in OWASP's table.
SCRYPT_ROWS = ((2**17, 1), (2**16, 2), (2**15, 3), (2**14, 5), (2**13, 10))
PBKDF2_MIN = {"sha256": 600_000, "sha512": 210_000, "sha1": 1_300_000}
BCRYPT_MIN = 10

FAST = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b", "blake2s")

FORMATS = ("Argon2id as argon2-cffi writes it ($argon2id$v=19$m=…,t=…,p=…$salt$hash); bcrypt ($2b$12$…); "
           "PBKDF2 as pbkdf2_sha256$iterations$salt$hash; scrypt as $scrypt$ln=…,r=…,p=…$salt$hash or "
           "scrypt$salt$N$r$p$hash")


class Scheme:
    """What a stored string says about itself."""

    def __init__(self, name, cost, weak=None):
        self.name = name  # "argon2id", "bcrypt", "pbkdf2", "scrypt"
        self.cost = cost  # for messages, e.g. "m=65536 KiB, t=3, p=4"
        self.weak = weak  # why the parameters are below the minimum, or None


def identify(stored):
    """The Scheme a stored string is written in, or None if it is no adaptive format we know."""
    if m := ARGON2.fullmatch(stored):
        variant, mem, passes = m[1], int(m[3]), int(m[4])
        cost = f"m={mem} KiB, t={passes}, p={m[5]}"
        if variant != "argon2id":
            return Scheme(variant, cost, f"it is {variant}; use the argon2id variant (RFC 9106's first choice, "
                                         "and argon2-cffi's default)")
        if not any(mem >= rm and passes >= rt for rm, rt in ARGON2_ROWS):
            return Scheme("argon2id", cost, f"{cost} is below OWASP's minimum for Argon2id (19 MiB and 2 passes, "
                                            "i.e. m=19456,t=2, or another row of its table); argon2-cffi's "
                                            "defaults are well above it")
        return Scheme("argon2id", cost)
    if m := BCRYPT.fullmatch(stored):
        rounds = int(m[1])
        weak = None if rounds >= BCRYPT_MIN else f"cost {rounds} is below the minimum of {BCRYPT_MIN}"
        return Scheme("bcrypt", f"cost {rounds}", weak)
    if m := PBKDF2.fullmatch(stored):
        digest, rounds = m[1], int(m[2])
        weak = None
        if rounds < PBKDF2_MIN[digest]:
            weak = (f"{rounds:,} iterations of PBKDF2-HMAC-{digest.upper()} are far too few (one GPU tests "
                    f"millions of guesses a second against them): OWASP asks for at least {PBKDF2_MIN[digest]:,}")
        return Scheme("pbkdf2", f"PBKDF2-HMAC-{digest.upper()}, {rounds:,} iterations", weak)
    params = _scrypt_params(stored)
    if params:
        n, r, p = params[:3]
        cost = f"N=2^{n.bit_length() - 1}, r={r}, p={p}"
        weak = None
        if n & (n - 1) or n < 2:
            weak = f"N={n} is not a power of two"
        elif r < 8 or not any(n >= rn and p >= rp for rn, rp in SCRYPT_ROWS):
            weak = (f"{cost} is below OWASP's minimum for scrypt (N=2^17, r=8, p=1, or another row of its "
                    "table such as N=2^16, r=8, p=2)")
        return Scheme("scrypt", cost, weak)
    return None


def _scrypt_params(stored):
    """(N, r, p, salt text, hash text) of either scrypt format, or None."""
    if m := SCRYPT_PHC.fullmatch(stored):
        return 1 << min(int(m[1]), 40), int(m[2]), int(m[3]), m[4], m[5]
    if m := SCRYPT_DJANGO.fullmatch(stored):
        return int(m[2]), int(m[3]), int(m[4]), m[1], m[5]
    return None


def decodings(text):
    """Every way a hash field could be bytes: hex, the base64 alphabets, padded or not."""
    out = []
    if re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
        out.append(bytes.fromhex(text))
    if re.fullmatch(r"[A-Za-z0-9+/._-]+=*", text):
        core = text.rstrip("=")
        padded = core + "=" * (-len(core) % 4)
        for alt in (padded, padded.replace(".", "+"), padded.replace("-", "+").replace("_", "/")):
            try:
                out.append(base64.b64decode(alt, validate=True))
            except (binascii.Error, ValueError):
                pass
    unique = []
    for value in out:
        if value and value not in unique:
            unique.append(value)
    return unique


def salt_candidates(text):
    """A salt field is used either as its own characters or decoded (both are common)."""
    return [text.encode("utf-8")] + [d for d in decodings(text) if d != text.encode("utf-8")]


def salt_bits(salt):
    """Rough entropy of a salt as used: text salts carry fewer bits per byte than raw ones."""
    if re.fullmatch(rb"[0-9a-fA-F]+", salt):
        return 4 * len(salt)
    if re.fullmatch(rb"[A-Za-z0-9+/._=-]+", salt):
        return 6 * len(salt)
    return 8 * len(salt)


def _inputs(password):
    """What a fix may feed the algorithm: the UTF-8 password, or one of the usual pre-hashes
    (base64 of SHA-256 lifts bcrypt's 72-byte limit; SHA-256 hex is what a "wrap the old
    hashes" migration feeds in)."""
    raw = password.encode("utf-8")
    return [raw, base64.b64encode(hashlib.sha256(raw).digest()), hashlib.sha256(raw).hexdigest().encode(),
            base64.b64encode(hashlib.sha512(raw).digest())]


def confirm(stored, password):
    """(True, salt bits) when `stored` really is the hash of `password` with the parameters it names."""
    if m := ARGON2.fullmatch(stored):
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        for secret in _inputs(password):
            try:
                PasswordHasher().verify(stored, secret)
            except (InvalidHashError, VerificationError):
                continue
            salt = base64.b64decode(m[6] + "=" * (-len(m[6]) % 4))
            return True, 8 * len(salt)
        return False, None
    if BCRYPT.fullmatch(stored):
        import bcrypt

        ok = any(bcrypt.checkpw(secret, stored.encode("ascii")) for secret in _inputs(password) if len(secret) <= 72)
        return ok, (128 if ok else None)  # bcrypt always draws a 16-byte salt itself
    if m := PBKDF2.fullmatch(stored):
        digest, rounds = m[1], int(m[2])
        for secret in _inputs(password):
            for salt in salt_candidates(m[3]):
                for expected in decodings(m[4]):
                    if hmac.compare_digest(hashlib.pbkdf2_hmac(digest, secret, salt, rounds, len(expected)), expected):
                        return True, salt_bits(salt)
        return False, None
    params = _scrypt_params(stored)
    if params:
        n, r, p, salt_text, hash_text = params
        maxmem = 128 * r * (n + p + 2) + (1 << 20)
        if maxmem > (512 << 20):
            return False, None  # more memory than a check allows (or a login could afford)
        for secret in _inputs(password):
            for salt in salt_candidates(salt_text):
                for expected in decodings(hash_text):
                    try:
                        got = hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=len(expected))
                    except ValueError:
                        return False, None
                    if hmac.compare_digest(got, expected):
                        return True, salt_bits(salt)
        return False, None
    return False, None


def _fields(stored):
    return [f for f in re.split(r"[$:;,|\s]+", stored) if f] + [stored]


def fast_hash(stored, password):
    """A plain description such as 'sha256(salt + password)' if one fast hash reproduces `stored`."""
    raw = password.encode("utf-8")
    fields = _fields(stored)
    digests = {d for f in fields for d in decodings(f)} | {f.encode() for f in fields}
    salts = {s for f in fields for s in salt_candidates(f)}

    def found(value):
        return value in digests or value.hex().encode() in digests

    for name in FAST:
        if found(hashlib.new(name, raw).digest()):
            return f"{name}(password)"
        for salt in salts:
            if found(hashlib.new(name, salt + raw).digest()):
                return f"{name}(salt + password)"
            if found(hashlib.new(name, raw + salt).digest()):
                return f"{name}(password + salt)"
            if found(hmac.new(salt, raw, name).digest()):
                return f"HMAC-{name} keyed with the salt"
    return None


def plaintext(stored, password):
    """How the password can be read straight out of `stored` (plain, hex, base64…), or None."""
    raw = password.encode("utf-8")
    if password in stored:
        return "the password itself"
    encodings = {
        "hex": raw.hex(),
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "URL-safe base64": base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }
    for name, text in encodings.items():
        if text in stored or text.upper() in stored:
            return f"the password, {name}-encoded"
    for field in _fields(stored):
        for data in decodings(field):
            if raw in data or raw[::-1] in data:
                return "the password, encoded (anyone can decode it)"
    return None


def looks_encrypted(stored):
    """Fernet tokens are what `cryptography` users reach for; recognise them by their version byte."""
    for data in decodings(stored):
        if len(data) >= 57 and data[0] == 0x80:
            return "a Fernet token (reversible encryption)"
    return None
