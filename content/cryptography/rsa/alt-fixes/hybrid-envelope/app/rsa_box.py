"""RSA for the Tallyho build service, with hybrid ("envelope") encryption.

A secret of any length is encrypted with AES-256-GCM under a fresh random key, and only
that key is encrypted with RSA-OAEP-SHA256. Ciphertext = RSA block | 12-byte nonce | GCM
ciphertext and tag. Signatures are RSA-PSS-SHA256 with a digest-length salt.
"""

import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

RSA_BITS = 2048
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def _pss():
    return padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


def generate_keypair():
    private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    public = private.public_key()
    return (private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()),
            public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def encrypt(public_pem, plaintext):
    public = serialization.load_pem_public_key(public_pem)
    data_key, nonce = AESGCM.generate_key(bit_length=256), os.urandom(12)
    wrapped = public.encrypt(data_key, OAEP)
    return wrapped + nonce + AESGCM(data_key).encrypt(nonce, plaintext, wrapped)


def decrypt(private_pem, ciphertext):
    private = serialization.load_pem_private_key(private_pem, password=None)
    size = private.key_size // 8
    wrapped, nonce, body = ciphertext[:size], ciphertext[size:size + 12], ciphertext[size + 12:]
    data_key = private.decrypt(wrapped, OAEP)
    try:
        return AESGCM(data_key).decrypt(nonce, body, wrapped)
    except InvalidTag:
        raise ValueError("ciphertext was tampered with") from None


def sign(private_pem, message):
    return serialization.load_pem_private_key(private_pem, password=None).sign(message, _pss(), hashes.SHA256())


def verify(public_pem, message, signature):
    public = serialization.load_pem_public_key(public_pem)
    try:
        public.verify(signature, message, _pss(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True
