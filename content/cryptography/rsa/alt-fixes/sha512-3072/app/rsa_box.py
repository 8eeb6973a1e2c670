"""RSA for the Tallyho build service: 3072-bit keys, OAEP and PSS with SHA-512.

Key objects are loaded once per PEM and cached; PSS uses the largest salt the key allows.
"""

from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

_OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA512()), algorithm=hashes.SHA512(), label=None)
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA512()), salt_length=padding.PSS.MAX_LENGTH)


def generate_keypair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    return (
        key.private_bytes(encoding=serialization.Encoding.PEM, format=serialization.PrivateFormat.PKCS8,
                          encryption_algorithm=serialization.NoEncryption()),
        key.public_key().public_bytes(encoding=serialization.Encoding.PEM,
                                      format=serialization.PublicFormat.SubjectPublicKeyInfo),
    )


@lru_cache(maxsize=32)
def _private(pem):
    return serialization.load_pem_private_key(pem, password=None)


@lru_cache(maxsize=32)
def _public(pem):
    return serialization.load_pem_public_key(pem)


def encrypt(public_pem, plaintext):
    return _public(public_pem).encrypt(plaintext, _OAEP)


def decrypt(private_pem, ciphertext):
    return _private(private_pem).decrypt(ciphertext, _OAEP)


def sign(private_pem, message):
    return _private(private_pem).sign(message, _PSS, hashes.SHA512())


def verify(public_pem, message, signature):
    try:
        _public(public_pem).verify(signature, message, _PSS, hashes.SHA512())
        return True
    except InvalidSignature:
        return False
