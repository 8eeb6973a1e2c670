"""Shared by the judge: the vendor's per-run signing key and the packages it (or an attacker) builds."""

import hashlib
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PRODUCTS = ("tallyline", "tallyline-kiosk", "tallyline-reports", "tallyline-stock", "tallyline-pay")


def setup_vendor(run):
    key = Ed25519PrivateKey.generate()
    run.data["vendor"] = key
    run.data["attacker"] = Ed25519PrivateKey.generate()
    pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    run.target.write_file("keys/vendor.pem", pem)
    product, other = run.rand.sample(PRODUCTS, 2)
    run.data["product"], run.data["other_product"] = product, other


def payload(run, size=None, evil=False):
    size = run.rand.randint(500, 4000) if size is None else size
    head = b"#!TALLYLINE-EVIL\n" if evil else b"#!TALLYLINE\n"
    return head + run.rand.randbytes(size)


def manifest_bytes(run, product, version, data, style=None, **extra):
    """The manifest as the vendor's release tool writes it: key order and layout vary."""
    fields = [("product", product), ("version", version), ("sha256", hashlib.sha256(data).hexdigest()),
              ("size", len(data))] + list(extra.items())
    run.rand.shuffle(fields)
    if [k for k, _ in fields] == sorted(k for k, _ in fields):
        # Never by chance the canonical form (sorted, compact) a re-serializing fix would
        # produce: then verifying json.dumps(json.loads(...)) would pass on this run only.
        fields.reverse()
    style = style or run.rand.choice(("pretty", "compact", "spaced"))
    if style == "pretty":
        return json.dumps(dict(fields), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    if style == "compact":
        return json.dumps(dict(fields), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return json.dumps(dict(fields), ensure_ascii=True).encode("utf-8")


def package(run, version, data=None, product=None, signer=None, **extra):
    """A package signed by the vendor (or `signer`): (package dict, payload)."""
    data = payload(run) if data is None else data
    manifest = manifest_bytes(run, product or run.data["product"], version, data, **extra)
    key = signer or run.data["vendor"]
    return {"manifest": manifest, "signature": key.sign(manifest), "payload": data}, data


def install_state(run, version, program=None):
    program = program if program is not None else payload(run)
    run.target.write_file("state/installed.json", json.dumps({"product": run.data["product"], "version": version}))
    run.target.write_file("state/program.bin", program)
    return program


def read_state(run):
    raw = run.target.read_file("state/installed.json")
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None
