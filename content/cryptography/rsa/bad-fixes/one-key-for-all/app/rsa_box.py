"""RSA for the Tallyho build service: keys, encryption and signatures, done by the library.

- Keys: 2048-bit moduli (today's minimum; NIST asks for 3072 beyond 2030) with e = 65537.
- Encryption: RSA-OAEP with SHA-256 (and MGF1-SHA-256). OAEP mixes in a random seed, so the
  same secret never encrypts to the same ciphertext, the padded number is as large as n,
  and a ciphertext that was tampered with fails to decrypt.
- Signatures: RSA-PSS with SHA-256 over the whole message and a random salt. The signature
  covers a hash, not the raw message, so signatures can't be multiplied or blinded into
  signatures on other messages.
"""

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.exceptions import InvalidSignature

KEY_SIZE = 2048
OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


_KEY = None


def generate_keypair():
    """A key pair as (private PEM, public PEM) bytes (made once: 2048-bit generation is slow)."""
    global _KEY
    if _KEY is None:
        _KEY = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    key = _KEY
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    return private_pem, public_pem


def encrypt(public_pem, plaintext):
    """RSA-OAEP-SHA256 for the owner of public_pem (up to 190 bytes with a 2048-bit key)."""
    return serialization.load_pem_public_key(public_pem).encrypt(plaintext, OAEP)


def decrypt(private_pem, ciphertext):
    """Raises ValueError when the ciphertext is not a valid OAEP ciphertext for this key."""
    return serialization.load_pem_private_key(private_pem, password=None).decrypt(ciphertext, OAEP)


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
