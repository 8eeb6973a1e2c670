"""meterlink/1: how a meter and the head-end agree on a session key and talk privately.

    meter                                   head-end
    hello()     --- {"eph": E_m} --------->
                <-- {"eph": E_s} ---------  accept(hello)
    finish(reply)
    seal(reading) ----- box -------------->  open(box)

E_m and E_s are fresh X25519 public keys (32 bytes). Both ends compute the same shared
secret with X25519 and use its SHA-256 as the AES-256-GCM key. A box is a 12-byte random
nonce followed by the ciphertext and tag.

Both ends are given their own long-term Ed25519 identity key and the peer's public key
(app/identity.py). meterlink/1 does not use them yet.
"""

import hashlib
import os

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class HandshakeError(Exception):
    """The peer could not be authenticated, or its message is malformed: drop the session."""


class _Endpoint:
    def __init__(self, identity, peer_public):
        self.identity = identity  # our Ed25519PrivateKey
        self.peer_public = peer_public  # the peer's Ed25519PublicKey, known in advance
        self._key = None

    def _derive(self, eph, peer_eph):
        try:
            shared = eph.exchange(X25519PublicKey.from_public_bytes(peer_eph))
        except (TypeError, ValueError) as err:
            raise HandshakeError(f"bad ephemeral key: {err}") from None
        self._key = hashlib.sha256(shared).digest()

    def seal(self, plaintext):
        """Encrypt one message for the peer."""
        nonce = os.urandom(12)
        return nonce + AESGCM(self._key).encrypt(nonce, plaintext, None)

    def open(self, box):
        """Decrypt one message from the peer (raises if it was tampered with)."""
        return AESGCM(self._key).decrypt(box[:12], box[12:], None)


class Meter(_Endpoint):
    """The meter's side: it starts the handshake."""

    def hello(self):
        self._eph = X25519PrivateKey.generate()
        return {"eph": self._eph.public_key().public_bytes_raw()}

    def finish(self, reply):
        self._derive(self._eph, reply["eph"])


class HeadEnd(_Endpoint):
    """The head-end's side: it answers a meter's hello."""

    def accept(self, hello):
        eph = X25519PrivateKey.generate()
        self._derive(eph, hello["eph"])
        return {"eph": eph.public_key().public_bytes_raw()}
