"""meterlink/2, with the key schedule written out from RFC 5869 (standard library hmac).

The handshake logic lives in module functions; Meter and HeadEnd only keep state.
"""

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

HELLO = b"meterlink/2 hello"
REPLY = b"meterlink/2 reply"
KEYS = b"meterlink/2 keys"


class HandshakeError(Exception):
    """The peer could not be authenticated, or its message is malformed: drop the session."""


def hkdf_sha256(ikm, info, length, salt=b""):
    """RFC 5869: extract with HMAC(salt, ikm), then expand T(1) || T(2) || ..."""
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def _bytes(message, name, size):
    try:
        value = message[name]
    except (KeyError, TypeError):
        raise HandshakeError(f"missing {name}") from None
    if type(value) is not bytes or len(value) != size:
        raise HandshakeError(f"bad {name}")
    return value


def _require_signature(public_key, signature, data):
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        raise HandshakeError("signature check failed") from None


def _secret(private, peer_raw):
    try:
        return private.exchange(X25519PublicKey.from_public_bytes(peer_raw))
    except ValueError:
        raise HandshakeError("unacceptable ephemeral key") from None


def _keys(shared, e_m, e_s):
    okm = hkdf_sha256(shared, KEYS + e_m + e_s, 64)
    return okm[:32], okm[32:]  # meter -> head-end, head-end -> meter


class _Endpoint:
    def __init__(self, identity, peer_public):
        self.identity = identity
        self.peer_public = peer_public
        self._out = self._in = None

    def seal(self, plaintext):
        if self._out is None:
            raise HandshakeError("handshake not finished")
        nonce = os.urandom(12)
        return nonce + self._out.encrypt(nonce, plaintext, None)

    def open(self, box):
        if self._in is None:
            raise HandshakeError("handshake not finished")
        return self._in.decrypt(box[:12], box[12:], None)


class Meter(_Endpoint):
    def hello(self):
        self._private = X25519PrivateKey.generate()
        self._e_m = self._private.public_key().public_bytes_raw()
        return {"eph": self._e_m, "sig": self.identity.sign(HELLO + self._e_m)}

    def finish(self, reply):
        e_s = _bytes(reply, "eph", 32)
        _require_signature(self.peer_public, _bytes(reply, "sig", 64), REPLY + self._e_m + e_s)
        to_headend, to_meter = _keys(_secret(self._private, e_s), self._e_m, e_s)
        self._private = None
        self._out, self._in = AESGCM(to_headend), AESGCM(to_meter)


class HeadEnd(_Endpoint):
    def accept(self, hello):
        e_m = _bytes(hello, "eph", 32)
        _require_signature(self.peer_public, _bytes(hello, "sig", 64), HELLO + e_m)
        private = X25519PrivateKey.generate()
        e_s = private.public_key().public_bytes_raw()
        to_headend, to_meter = _keys(_secret(private, e_m), e_m, e_s)
        self._out, self._in = AESGCM(to_meter), AESGCM(to_headend)
        return {"eph": e_s, "sig": self.identity.sign(REPLY + e_m + e_s)}
