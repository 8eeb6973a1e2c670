"""MD5, SHA-1 and SHA-256 in pure Python with a settable state: the judge's length extension.

All three are Merkle-Damgard hashes: the digest IS the internal state after the last
block. Load a digest back as the state, feed more blocks, and you get the hash of
key || message || padding || suffix without ever knowing the key.
"""

import struct

M32 = 0xFFFFFFFF


def _rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & M32


def _rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & M32


_K256 = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]


def _sha256_block(h, block):
    w = list(struct.unpack(">16I", block))
    for i in range(16, 64):
        s0 = _rotr(w[i - 15], 7) ^ _rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
        s1 = _rotr(w[i - 2], 17) ^ _rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
        w.append((w[i - 16] + s0 + w[i - 7] + s1) & M32)
    a, b, c, d, e, f, g, hh = h
    for i in range(64):
        t1 = (hh + (_rotr(e, 6) ^ _rotr(e, 11) ^ _rotr(e, 25)) + ((e & f) ^ (~e & g)) + _K256[i] + w[i]) & M32
        t2 = ((_rotr(a, 2) ^ _rotr(a, 13) ^ _rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) & M32
        a, b, c, d, e, f, g, hh = (t1 + t2) & M32, a, b, c, (d + t1) & M32, e, f, g
    return [(x + y) & M32 for x, y in zip(h, (a, b, c, d, e, f, g, hh))]


def _sha1_block(h, block):
    w = list(struct.unpack(">16I", block))
    for i in range(16, 80):
        w.append(_rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1))
    a, b, c, d, e = h
    for i in range(80):
        if i < 20:
            f, k = (b & c) | (~b & d), 0x5A827999
        elif i < 40:
            f, k = b ^ c ^ d, 0x6ED9EBA1
        elif i < 60:
            f, k = (b & c) | (b & d) | (c & d), 0x8F1BBCDC
        else:
            f, k = b ^ c ^ d, 0xCA62C1D6
        a, b, c, d, e = (_rotl(a, 5) + (f & M32) + e + k + w[i]) & M32, a, _rotl(b, 30), c, d
    return [(x + y) & M32 for x, y in zip(h, (a, b, c, d, e))]


_MD5_S = [7, 12, 17, 22] * 4 + [5, 9, 14, 20] * 4 + [4, 11, 16, 23] * 4 + [6, 10, 15, 21] * 4
_MD5_K = [int(abs(__import__("math").sin(i + 1)) * 2**32) & M32 for i in range(64)]


def _md5_block(h, block):
    m = struct.unpack("<16I", block)
    a, b, c, d = h
    for i in range(64):
        if i < 16:
            f, g = (b & c) | (~b & d), i
        elif i < 32:
            f, g = (d & b) | (~d & c), (5 * i + 1) % 16
        elif i < 48:
            f, g = b ^ c ^ d, (3 * i + 5) % 16
        else:
            f, g = c ^ (b | ~d), (7 * i) % 16
        f = (f + a + _MD5_K[i] + m[g]) & M32
        a, d, c, b = d, c, b, (b + _rotl(f, _MD5_S[i])) & M32
    return [(x + y) & M32 for x, y in zip(h, (a, b, c, d))]


# name: (block function, word format, length format, digest hex length)
ALGOS = {
    "md5": (_md5_block, "<", "<Q", 32),
    "sha1": (_sha1_block, ">", ">Q", 40),
    "sha256": (_sha256_block, ">", ">Q", 64),
}


def padding(algo, length):
    """The bytes the hash appends to a message of `length` bytes."""
    fmt = ALGOS[algo][2]
    return b"\x80" + b"\x00" * ((55 - length) % 64) + struct.pack(fmt, length * 8)


def extend(algo, digest_hex, known_length, suffix):
    """(glue, new digest): hash(key+msg+glue+suffix) from hash(key+msg) and len(key+msg)."""
    block, order, _, _ = ALGOS[algo]
    state = list(struct.unpack(f"{order}{len(digest_hex) // 8}I", bytes.fromhex(digest_hex)))
    glue = padding(algo, known_length)
    total = known_length + len(glue)
    data = suffix + padding(algo, total + len(suffix))
    for i in range(0, len(data), 64):
        state = block(state, data[i:i + 64])
    return glue, struct.pack(f"{order}{len(state)}I", *state).hex()


def algo_for(digest_hex):
    """Which extendable hash a hex signature of this length could be."""
    for name, (_, _, _, size) in ALGOS.items():
        if len(digest_hex) == size:
            return name
    return None
