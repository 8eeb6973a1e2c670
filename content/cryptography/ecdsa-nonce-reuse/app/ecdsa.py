"""ECDSA over NIST P-256, small enough to run on the thermostat.

The thermostat runs MicroPython and has no room for a crypto library, so the firmware team
wrote this module; the build server imports the very same file to sign releases, so both
ends agree on every detail. Signatures are the pair (r, s) of integers; the digest z is the
SHA-256 of the signed bytes, read as a big-endian integer.
"""

import hashlib

# Curve y^2 = x^3 - 3x + b over GF(p); G generates a group of prime order n.
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def _double(pt):
    x, y, z = pt
    if y == 0 or z == 0:
        return (0, 1, 0)
    zz = z * z % P
    m = 3 * (x - zz) * (x + zz) % P          # a = -3
    yy = y * y % P
    s = 4 * x * yy % P
    x3 = (m * m - 2 * s) % P
    y3 = (m * (s - x3) - 8 * yy * yy) % P
    z3 = 2 * y * z % P
    return (x3, y3, z3)


def _add(p1, p2):
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    if z1 == 0:
        return p2
    if z2 == 0:
        return p1
    z1z1, z2z2 = z1 * z1 % P, z2 * z2 % P
    u1, u2 = x1 * z2z2 % P, x2 * z1z1 % P
    s1, s2 = y1 * z2 * z2z2 % P, y2 * z1 * z1z1 % P
    if u1 == u2:
        return _double(p1) if s1 == s2 else (0, 1, 0)
    h, r = (u2 - u1) % P, (s2 - s1) % P
    hh = h * h % P
    hhh = h * hh % P
    v = u1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    y3 = (r * (v - x3) - s1 * hhh) % P
    z3 = h * z1 * z2 % P
    return (x3, y3, z3)


def _affine(pt):
    x, y, z = pt
    if z == 0:
        return None
    zi = pow(z, -1, P)
    return (x * zi * zi % P, y * zi * zi * zi % P)


def multiply(k, point=G):
    """k * point, for an affine point (x, y); None is the point at infinity."""
    result, addend = (0, 1, 0), (point[0], point[1], 1)
    while k:
        if k & 1:
            result = _add(result, addend)
        addend = _double(addend)
        k >>= 1
    return _affine(result)


def add(p1, p2):
    """p1 + p2 for affine points (None is the point at infinity)."""
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    return _affine(_add((p1[0], p1[1], 1), (p2[0], p2[1], 1)))


def on_curve(point):
    x, y = point
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def digest(data):
    """z: the SHA-256 of the signed bytes as an integer (256 bits, the size of N)."""
    return int.from_bytes(hashlib.sha256(data).digest(), "big")


def public_key(d):
    return multiply(d)


def sign_digest(d, z, k):
    """The signature (r, s) of digest z with private key d and nonce k (1 <= k < N)."""
    if not 1 <= k < N:
        raise ValueError("the nonce must be in [1, N)")
    r = multiply(k)[0] % N
    s = pow(k, -1, N) * (z + r * d) % N
    if r == 0 or s == 0:
        raise ValueError("unlucky nonce, pick another one")
    return r, s


def verify_digest(public, z, r, s):
    """True when (r, s) is a valid signature of digest z for the public key (x, y)."""
    if not (isinstance(r, int) and isinstance(s, int) and 1 <= r < N and 1 <= s < N):
        return False
    if public is None or not on_curve(public):
        return False
    w = pow(s, -1, N)
    point = add(multiply(z * w % N), multiply(r * w % N, public))
    return point is not None and point[0] % N == r


def encode_point(point):
    """Uncompressed SEC1 encoding (04 || x || y) as hex, the format of keys/signing.pub."""
    return "04" + point[0].to_bytes(32, "big").hex() + point[1].to_bytes(32, "big").hex()


def decode_point(text):
    raw = bytes.fromhex(text.strip())
    if len(raw) != 65 or raw[0] != 4:
        raise ValueError("not an uncompressed P-256 point")
    point = (int.from_bytes(raw[1:33], "big"), int.from_bytes(raw[33:], "big"))
    if not on_curve(point):
        raise ValueError("the point is not on P-256")
    return point
