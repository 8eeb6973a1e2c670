"""meterlink/2, written as small functions around two thin classes."""

import hmac
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class HandshakeError(Exception):
    pass


def _get(msg, name, size):
    try:
        value = msg[name]
    except (KeyError, TypeError):
        raise HandshakeError(f"no {name}") from None
    if type(value) is not bytes or len(value) != size:
        raise HandshakeError(f"bad {name}")
    return value


def _verify(public, sig, data):
    try:
        public.verify(sig, data)
    except InvalidSignature:
        raise HandshakeError("signature check failed") from None


def _keys(private, peer_raw, e_m, e_s):
    shared = private.exchange(x25519.X25519PublicKey.from_public_bytes(peer_raw)) if _ok(peer_raw) else None
    if shared is None or hmac.compare_digest(shared, bytes(32)):
        raise HandshakeError("unusable ephemeral key")
    okm = HKDF(hashes.SHA256(), 64, None, b"meterlink/2 keys" + e_m + e_s).derive(shared)
    return okm[:32], okm[32:]


def _ok(raw):
    try:
        x25519.X25519PublicKey.from_public_bytes(raw)
        return True
    except ValueError:
        return False


class _Side:
    def __init__(self, identity, peer_public):
        self.identity = identity
        self.peer_public = peer_public
        self._out = self._in = None

    def seal(self, plaintext):
        if self._out is None:
            raise HandshakeError("not connected")
        iv = os.urandom(12)
        return iv + AESGCM(self._out).encrypt(iv, plaintext, None)

    def open(self, box):
        if self._in is None:
            raise HandshakeError("not connected")
        return AESGCM(self._in).decrypt(box[:12], box[12:], None)


class Meter(_Side):
    def hello(self):
        self._secret = x25519.X25519PrivateKey.generate()
        self._mine = self._secret.public_key().public_bytes_raw()
        return {"eph": self._mine, "sig": self.identity.sign(b"meterlink/2 hello" + self._mine)}

    def finish(self, reply):
        theirs = _get(reply, "eph", 32)
        _verify(self.peer_public, _get(reply, "sig", 64), b"meterlink/2 reply" + self._mine + theirs)
        secret, self._secret = self._secret, None
        if secret is None:
            raise HandshakeError("no hello outstanding")
        self._out, self._in = _keys(secret, theirs, self._mine, theirs)


class HeadEnd(_Side):
    def accept(self, hello):
        theirs = _get(hello, "eph", 32)
        _verify(self.peer_public, _get(hello, "sig", 64), b"meterlink/2 hello" + theirs)
        secret = x25519.X25519PrivateKey.generate()
        mine = secret.public_key().public_bytes_raw()
        self._in, self._out = _keys(secret, theirs, theirs, mine)
        return {"eph": mine, "sig": self.identity.sign(b"meterlink/2 reply" + theirs + mine)}
