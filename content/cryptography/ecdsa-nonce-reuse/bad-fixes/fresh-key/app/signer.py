"""The build server's release signer: cryptography does all the ECDSA work now."""

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from app.release import image_hash, signed_bytes


def sign_release(model, version, image):
    # A new key pair for every release: even if one key leaked, it would sign nothing else.
    key = ec.generate_private_key(ec.SECP256R1())
    manifest = {"model": model, "version": version, "sha256": image_hash(image)}
    manifest["r"], manifest["s"] = decode_dss_signature(key.sign(signed_bytes(manifest), ec.ECDSA(hashes.SHA256())))
    return manifest
