"""Reading and re-encoding the learner's tokens, whatever text encoding they chose.

Attacks work on the bytes inside a token. A fix may print its tokens as URL-safe base64
(with or without '='), standard base64 or hex; we find the one that round-trips and use it
to put tampered bytes back into the same form. Anything else is treated as opaque text.
"""

import base64
import binascii
import string

HEX = set(string.hexdigits)


def _b64url(raw, padded):
    text = base64.urlsafe_b64encode(raw).decode("ascii")
    return text if padded else text.rstrip("=")


CODECS = (
    ("hex", lambda t: bytes.fromhex(t), lambda r, t: r.hex() if t == t.lower() else r.hex().upper()),
    ("base64url", lambda t: base64.urlsafe_b64decode(t + "=" * (-len(t) % 4)),
     lambda r, t: _b64url(r, t.endswith("="))),
    ("base64", lambda t: base64.b64decode(t + "=" * (-len(t) % 4), validate=True),
     lambda r, t: base64.b64encode(r).decode("ascii") if t.endswith("=") else base64.b64encode(r).decode("ascii").rstrip("=")),
)


class Token:
    """A token as bytes plus a way to write changed bytes back in the same encoding."""

    def __init__(self, text):
        self.text = text
        self.raw, self.codec = None, None
        if not isinstance(text, str):
            if isinstance(text, (bytes, bytearray)):
                self.raw, self.codec = bytes(text), "bytes"
            return
        for name, decode, encode in CODECS:
            if name == "hex" and not (len(text) % 2 == 0 and set(text) <= HEX):
                continue
            try:
                raw = decode(text)
            except (ValueError, binascii.Error):
                continue
            if raw and encode(raw, text) == text:
                self.raw, self.codec, self._encode = raw, name, encode
                return
        self.raw, self.codec = text.encode("latin-1", "replace"), "text"

    def encode(self, raw):
        if self.codec == "bytes":
            return bytes(raw)
        if self.codec == "text":
            return raw.decode("latin-1")
        return self._encode(raw, self.text)

    def flip(self, index, mask):
        raw = bytearray(self.raw)
        raw[index] ^= mask
        return self.encode(bytes(raw))
