"""Tallyho, a small build-and-deploy service, and its public message board.

- Team members enrol and get an RSA key pair; the service keeps the private keys in
  data/keys/ (the "key vault"), and anyone may fetch a public key.
- Secrets (API tokens, passwords) are sent to a team member by encrypting them with their
  public key and pinning the ciphertext to the board, which everyone can read.
- Every CI build is signed by the build signer; only releases signed by the release
  manager may be deployed to production.

You will not need to change this file.
"""

import json
from pathlib import Path

from app import rsa_box

DATA = Path("data")
KEYS = DATA / "keys"
BOARD = DATA / "board.json"
SIGNER = "build-signer"


def enrol(name):
    """Makes a key pair for a new member (or the signer) and returns the public key PEM."""
    private_pem, public_pem = rsa_box.generate_keypair()
    KEYS.mkdir(parents=True, exist_ok=True)
    (KEYS / f"{name}.pem").write_bytes(private_pem)
    (KEYS / f"{name}.pub").write_bytes(public_pem)
    return public_pem.decode("ascii")


def public_key(name):
    """Anyone may fetch anyone's public key (PEM text)."""
    return (KEYS / f"{name}.pub").read_text()


def _board():
    return json.loads(BOARD.read_text()) if BOARD.exists() else []


def post_secret(recipient, secret):
    """Encrypts a secret for a member and pins the ciphertext (hex) to the public board."""
    ciphertext = rsa_box.encrypt((KEYS / f"{recipient}.pub").read_bytes(), secret.encode("utf-8")).hex()
    posts = _board()
    posts.append({"to": recipient, "ciphertext": ciphertext})
    BOARD.parent.mkdir(parents=True, exist_ok=True)
    BOARD.write_text(json.dumps(posts, indent=1))
    return ciphertext


def board():
    """The public board: every post, {"to": name, "ciphertext": hex}."""
    return _board()


def read_secret(recipient, ciphertext_hex):
    """What the recipient's client does with a post: decrypt it with their private key."""
    private_pem = (KEYS / f"{recipient}.pem").read_bytes()
    return rsa_box.decrypt(private_pem, bytes.fromhex(ciphertext_hex)).decode("utf-8")


def sign_build(artifact):
    """CI: signs any build artefact (bytes) except releases; returns the signature (hex)."""
    if artifact.startswith(b"release:"):
        raise PermissionError("releases are signed by the release manager")
    return rsa_box.sign((KEYS / f"{SIGNER}.pem").read_bytes(), artifact).hex()


def approve_release(artifact):
    """Release manager (after review, not reachable from CI): signs a release artefact."""
    if not artifact.startswith(b"release:"):
        raise ValueError("not a release")
    return rsa_box.sign((KEYS / f"{SIGNER}.pem").read_bytes(), artifact).hex()


def deploy(artifact, signature_hex):
    """Production: deploys a signed release and returns the deployment receipt."""
    if not artifact.startswith(b"release:"):
        raise PermissionError("only releases go to production")
    try:
        signature = bytes.fromhex(signature_hex)
    except (TypeError, ValueError):
        raise PermissionError("bad signature") from None
    if not rsa_box.verify((KEYS / f"{SIGNER}.pub").read_bytes(), artifact, signature):
        raise PermissionError("bad signature")
    receipt = (DATA / "deploy_receipt").read_text().strip() if (DATA / "deploy_receipt").exists() else "local"
    return f"deployed {artifact[8:40].decode('utf-8', 'replace')!r} to production, receipt {receipt}"


if __name__ == "__main__":
    # A quick tour: python -m app.service
    enrol("ops")
    enrol(SIGNER)
    c = post_secret("ops", "db password: hunter2")
    print("board:", board())
    print("ops reads:", read_secret("ops", c))
    release = b"release:1.4.0 sha256=3f2a..."
    print(deploy(release, approve_release(release)))
