"""AES-GCM with per-purpose keys; tokens look like v1.<nonce>.<ciphertext> (standard base64)."""
import base64, binascii, os
from pathlib import Path
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
KEY_FILE = Path("data/site.key")
class InvalidToken(ValueError):
    """A cookie or draft token that this site did not issue, or that was damaged."""
def _aead(purpose):
    if not KEY_FILE.exists():
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(os.urandom(32))
    key = HKDF(hashes.SHA256(), 32, None, b"larkspur " + purpose).derive(KEY_FILE.read_bytes())
    return AESGCM(key)
def _seal(purpose, text):
    nonce = os.urandom(12)
    ct = _aead(purpose).encrypt(nonce, text.encode("utf-8"), b"v1")
    return "v1." + base64.b64encode(nonce).decode() + "." + base64.b64encode(ct).decode()
def _open(purpose, token):
    try:
        version, nonce, ct = token.split(".")
        if version != "v1":
            raise InvalidToken("unknown version")
        nonce = base64.b64decode(nonce, validate=True)
        ct = base64.b64decode(ct, validate=True)
        return _aead(purpose).decrypt(nonce, ct, b"v1").decode("utf-8")
    except (InvalidTag, ValueError, TypeError, AttributeError, binascii.Error):
        raise InvalidToken("invalid token") from None
def encrypt_cookie(profile): return _seal(b"cookie", profile)
def decrypt_cookie(token): return _open(b"cookie", token)
def encrypt_draft(text): return _seal(b"draft", text)
def decrypt_draft(token): return _open(b"draft", token)
