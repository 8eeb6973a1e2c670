"""meterlink/2 built around a per-session transcript object."""

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SHAPE = (("eph", 32), ("sig", 64))


class HandshakeError(Exception):
    """The peer could not be authenticated, or its message is malformed: drop the session."""


@dataclass
class Transcript:
    e_m: bytes
    e_s: bytes = b""

    def hello_bytes(self):
        return b"meterlink/2 hello" + self.e_m

    def reply_bytes(self):
        return b"meterlink/2 reply" + self.e_m + self.e_s

    def session(self, shared):
        okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=None,
                   info=b"meterlink/2 keys" + self.e_m + self.e_s).derive(shared)
        return AESGCM(okm[:32]), AESGCM(okm[32:])


def _checked(message):
    if not isinstance(message, dict):
        raise HandshakeError("not a handshake message")
    for name, size in SHAPE:
        if not isinstance(message.get(name), bytes) or len(message[name]) != size:
            raise HandshakeError(f"{name} missing or malformed")
    return message["eph"], message["sig"]


def _shared(private, peer):
    try:
        return private.exchange(X25519PublicKey.from_public_bytes(peer))
    except ValueError as err:
        raise HandshakeError("peer key rejected") from err


class _Endpoint:
    def __init__(self, identity, peer_public):
        self.identity = identity
        self.peer_public = peer_public
        self._sender = self._receiver = None

    def _authenticate(self, signature, data):
        try:
            self.peer_public.verify(signature, data)
        except InvalidSignature as err:
            raise HandshakeError("peer not authenticated") from err

    def seal(self, plaintext):
        if not self._sender:
            raise HandshakeError("no session")
        nonce = os.urandom(12)
        return b"".join((nonce, self._sender.encrypt(nonce, plaintext, None)))

    def open(self, box):
        if not self._receiver:
            raise HandshakeError("no session")
        return self._receiver.decrypt(box[:12], box[12:], None)


class Meter(_Endpoint):
    def hello(self):
        self._private = X25519PrivateKey.generate()
        self._transcript = Transcript(self._private.public_key().public_bytes_raw())
        return {"eph": self._transcript.e_m, "sig": self.identity.sign(self._transcript.hello_bytes())}

    def finish(self, reply):
        e_s, sig = _checked(reply)
        transcript = Transcript(self._transcript.e_m, e_s)
        self._authenticate(sig, transcript.reply_bytes())
        self._sender, self._receiver = transcript.session(_shared(self._private, e_s))


class HeadEnd(_Endpoint):
    def accept(self, hello):
        e_m, sig = _checked(hello)
        transcript = Transcript(e_m)
        self._authenticate(sig, transcript.hello_bytes())
        private = X25519PrivateKey.generate()
        transcript.e_s = private.public_key().public_bytes_raw()
        to_headend, to_meter = transcript.session(_shared(private, e_m))
        self._sender, self._receiver = to_meter, to_headend
        return {"eph": transcript.e_s, "sig": self.identity.sign(transcript.reply_bytes())}
