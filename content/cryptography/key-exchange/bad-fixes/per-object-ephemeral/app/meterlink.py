"""meterlink/2: an authenticated X25519 handshake, HKDF session keys, AES-256-GCM.

    meter                                                   head-end
    hello()   --- {"eph": E_m, "sig": Sig_meter(HELLO + E_m)} --------->
              <-- {"eph": E_s, "sig": Sig_headend(REPLY + E_m + E_s)} --  accept(hello)
    finish(reply)

Each side checks the peer's signature with the identity key it was given in advance (never
with a key that arrives in a message) before it uses the peer's ephemeral key. The head-end
signs both ephemeral keys, so its reply is bound to this meter's hello and cannot be replayed
into another session. Both ends then derive two keys with HKDF-SHA256 over the X25519 secret,
with both ephemeral keys in `info`: one key per direction, so a message can't be reflected
back to its sender. Fresh ephemeral keys per session give forward secrecy.
"""

import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HELLO = b"meterlink/2 hello"
REPLY = b"meterlink/2 reply"
KEYS = b"meterlink/2 keys"


class HandshakeError(Exception):
    """The peer could not be authenticated, or its message is malformed: drop the session."""


def _field(message, name, size):
    value = message.get(name) if isinstance(message, dict) else None
    if not isinstance(value, bytes) or len(value) != size:
        raise HandshakeError(f"the {name!r} field is missing or not {size} bytes")
    return value


class _Endpoint:
    def __init__(self, identity, peer_public):
        self.identity = identity  # our Ed25519PrivateKey
        self.peer_public = peer_public  # the peer's Ed25519PublicKey, known in advance
        self._send_key = self._recv_key = None
        self._eph = X25519PrivateKey.generate()  # new for every session: a new endpoint per session

    def _check(self, signature, data):
        try:
            self.peer_public.verify(signature, data)
        except InvalidSignature:
            raise HandshakeError("the peer's signature does not verify with its identity key") from None

    def _derive(self, eph, peer_eph, e_m, e_s, sending_first):
        try:
            shared = eph.exchange(X25519PublicKey.from_public_bytes(peer_eph))
        except ValueError:  # a small-order point: the "shared" secret would be all zeros
            raise HandshakeError("the peer's ephemeral key is not acceptable") from None
        okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=KEYS + e_m + e_s).derive(shared)
        meter_to_headend, headend_to_meter = okm[:32], okm[32:]
        if sending_first:
            self._send_key, self._recv_key = meter_to_headend, headend_to_meter
        else:
            self._send_key, self._recv_key = headend_to_meter, meter_to_headend

    def seal(self, plaintext):
        """Encrypt one message for the peer."""
        if self._send_key is None:
            raise HandshakeError("no session yet")
        nonce = os.urandom(12)
        return nonce + AESGCM(self._send_key).encrypt(nonce, plaintext, None)

    def open(self, box):
        """Decrypt one message from the peer (raises if it was tampered with)."""
        if self._recv_key is None:
            raise HandshakeError("no session yet")
        return AESGCM(self._recv_key).decrypt(box[:12], box[12:], None)


class Meter(_Endpoint):
    """The meter's side: it starts the handshake."""

    def hello(self):
        self._e_m = self._eph.public_key().public_bytes_raw()
        return {"eph": self._e_m, "sig": self.identity.sign(HELLO + self._e_m)}

    def finish(self, reply):
        e_s = _field(reply, "eph", 32)
        self._check(_field(reply, "sig", 64), REPLY + self._e_m + e_s)
        self._derive(self._eph, e_s, self._e_m, e_s, sending_first=True)


class HeadEnd(_Endpoint):
    """The head-end's side: it answers a meter's hello."""

    def accept(self, hello):
        e_m = _field(hello, "eph", 32)
        self._check(_field(hello, "sig", 64), HELLO + e_m)
        eph = self._eph
        e_s = eph.public_key().public_bytes_raw()
        self._derive(eph, e_m, e_m, e_s, sending_first=False)
        return {"eph": e_s, "sig": self.identity.sign(REPLY + e_m + e_s)}
