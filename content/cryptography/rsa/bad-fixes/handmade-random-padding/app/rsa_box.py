"""RSA for the Tallyho build service: keys, encryption and signatures, done by the library.

- Keys: 2048-bit moduli (today's minimum; NIST asks for 3072 beyond 2030) with e = 65537.
- Encryption: RSA-OAEP with SHA-256 (and MGF1-SHA-256). OAEP mixes in a random seed, so the
  same secret never encrypts to the same ciphertext, the padded number is as large as n,
  and a ciphertext that was tampered with fails to decrypt.
- Signatures: RSA-PSS with SHA-256 over the whole message and a random salt. The signature
  covers a hash, not the raw message, so signatures can't be multiplied or blinded into
  signatures on other messages.
"""

import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.exceptions import InvalidSignature

KEY_SIZE = 2048
OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


def generate_keypair():
    """A new key pair as (private PEM, public PEM) bytes."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    return private_pem, public_pem


def encrypt(public_pem, plaintext):
    """Textbook RSA with our own random padding: 01 | message | 00 | random filler.

    The filler makes every ciphertext different and the number as large as n, so no cube
    root and no guessing."""
    numbers = serialization.load_pem_public_key(public_pem).public_numbers()
    size = (numbers.n.bit_length() + 7) // 8
    filler = os.urandom(size - len(plaintext) - 3).replace(b"\x00", b"\x01")
    m = int.from_bytes(b"\x01" + plaintext + b"\x00" + filler, "big")
    if m >= numbers.n:
        raise ValueError("message too long for this key")
    return pow(m, numbers.e, numbers.n).to_bytes(size, "big")


def decrypt(private_pem, ciphertext):
    numbers = serialization.load_pem_private_key(private_pem, password=None).private_numbers()
    m = pow(int.from_bytes(ciphertext, "big"), numbers.d, numbers.public_numbers.n)
    block = m.to_bytes((m.bit_length() + 7) // 8, "big")
    return block[1:block.rindex(b"\x00")]


def sign(private_pem, message):
    """RSA-PSS-SHA256 signature of any bytes."""
    return serialization.load_pem_private_key(private_pem, password=None).sign(message, PSS, hashes.SHA256())


def verify(public_pem, message, signature):
    """True when signature is a valid PSS signature of message by the owner of public_pem."""
    try:
        serialization.load_pem_public_key(public_pem).verify(signature, message, PSS, hashes.SHA256())
    except InvalidSignature:
        return False
    return True
