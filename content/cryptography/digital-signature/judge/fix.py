"""Fix step: vendor-signed, newer packages for this product install; nothing else does.

Every run has a new vendor key, a random product and random versions, and the vendor's
release tool lays its manifests out differently each time (key order, indentation), so
only a check of the exact signed bytes works. An attack check passes when apply_update()
raised and the till is unchanged (state/installed.json and state/program.bin, read by the
judge after the call).
"""

import hashlib

import vendor as v
from pysec_judge import TargetRaised, attack, fail, functional, setup

APPLY = "app.updater:apply_update"


@setup
def seed(run):
    v.setup_vendor(run)


def _version(run, major=None):
    major = run.rand.randint(3, 8) if major is None else major
    return f"{major}.{run.rand.randint(0, 19)}.{run.rand.randint(0, 30)}"


def _must_install(run, current, package, data, version, what):
    program = v.install_state(run, current)
    try:
        result = run.target.call(APPLY, package).value
    except TargetRaised as err:
        fail(f"A genuine update was refused: {what} (installed {current}, offered {version}). "
             f"apply_update() raised {err.type_name}: {err.message}", traceback=err.traceback)
    state = v.read_state(run)
    if run.target.read_file("state/program.bin") != data or not state or state.get("version") != version:
        fail(f"apply_update() returned for {what}, but the till does not run the new version: state/program.bin "
             "must hold the payload and state/installed.json the manifest's version.")
    if state.get("product") != run.data["product"]:
        fail("After an update, state/installed.json names another product; keep the product as it was.")
    if result != version:
        fail(f"apply_update() should return the version it installed ({version!r}); it returned {result!r:.100}.")
    return program


def _must_refuse(run, current, package, message):
    program = v.install_state(run, current)
    raised = False
    try:
        run.target.call(APPLY, package)
    except TargetRaised:
        raised = True
    state = v.read_state(run)
    changed = run.target.read_file("state/program.bin") != program or not state or state.get("version") != current
    if changed:
        fail(message + " The till installed it.")
    if not raised:
        fail(message + " apply_update() returned normally instead of raising UpdateRejected, so the caller "
                       "believes the update went in.")


# ---------------------------------------------------------------- honest use


@functional("installs-update", "A newer, vendor-signed package for this product installs")
def installs_update(run):
    current = _version(run, 4)
    new = f"5.{run.rand.randint(0, 9)}.0"
    package, data = v.package(run, new, notes=f"Faster receipts for {run.name()}'s shop")
    _must_install(run, current, package, data, new, "an ordinary update")


@functional("honest-variants", "Version numbers, manifest layouts, Unicode and large payloads")
def honest_variants(run):
    patch = run.rand.randint(1, 9)
    cases = [
        ("9.4.1", "10.0.0", {}, None, "a major bump from 9.x to 10.0.0 (versions compare as numbers)"),
        ("10.0.0", f"10.0.{run.rand.randint(1, 9)}", {"style": "compact", "notes": "Kassenbon mit €-Zeichen · 税込 · ½ price"},
         None, "a compact manifest with Unicode release notes"),
        ("2.9.9", "2.10.0", {"style": "pretty", "released": "2024-03-01"}, None, "2.9.9 to 2.10.0"),
        (f"3.1.{patch}", f"3.1.{patch + run.rand.randint(1, 20)}", {"style": "spaced"}, v.payload(run, 400_000),
         "a 400 kB payload, a patch release"),
    ]
    for current, new, extra, data, what in cases:
        package, data = v.package(run, new, data, **extra)
        _must_install(run, current, package, data, new, what)


# ---------------------------------------------------------------- attacks


@attack("unsigned", "Unsigned packages are refused")
def unsigned(run):
    current = _version(run, 5)
    new = _version(run, 6)
    package, _ = v.package(run, new, v.payload(run, evil=True))
    for variant, label in ((dict(package, signature=None), "signature None"),
                           (dict(package, signature=b""), "an empty signature"),
                           ({k: x for k, x in package.items() if k != "signature"}, "no signature field")):
        _must_refuse(run, current, variant, f"A package with {label} was accepted: anyone on the mirror network can "
                                            "ship code to every till. Refuse packages that carry no valid signature.")


@attack("forged-signature", "Signatures by another key, or over other bytes, are refused")
def forged_signature(run):
    current, new = _version(run, 5), _version(run, 6)
    evil = v.payload(run, evil=True)
    package, _ = v.package(run, new, evil, signer=run.data["attacker"])
    _must_refuse(run, current, package, "A package signed with a key that is not the vendor's was accepted.")
    package, _ = v.package(run, new, evil)
    flipped = bytearray(package["signature"])
    flipped[run.rand.randrange(64)] ^= 1 << run.rand.randrange(8)
    _must_refuse(run, current, dict(package, signature=bytes(flipped)),
                 "A package whose signature had one bit flipped was accepted.")
    other, _ = v.package(run, new)
    _must_refuse(run, current, dict(package, signature=other["signature"]),
                 "A package carrying the vendor's signature of a different manifest was accepted.")


@attack("payload-swap", "The payload must be the one the signed manifest describes")
def payload_swap(run):
    current, new = _version(run, 5), _version(run, 6)
    package, _ = v.package(run, new)
    evil = v.payload(run, evil=True)
    _must_refuse(run, current, dict(package, payload=evil),
                 "A genuine signed manifest with a different payload was accepted: the signature covers the "
                 "manifest, and the manifest's sha256 is what ties the payload to it.")
    _must_refuse(run, current, dict(package, payload=evil, sha256=hashlib.sha256(evil).hexdigest()),
                 "A genuine signed manifest with a swapped payload was accepted because the package also carried "
                 "a sha256 outside the manifest. Nothing outside the signed bytes is trustworthy: compare the "
                 "payload's hash with the manifest's sha256 only.")


@attack("downgrade", "Older (and same-version) signed packages are refused")
def downgrade(run):
    current = f"6.{run.rand.randint(3, 9)}.{run.rand.randint(1, 9)}"
    old = f"6.{run.rand.randint(0, 2)}.{run.rand.randint(0, 9)}"
    package, _ = v.package(run, old)
    _must_refuse(run, current, package, f"A genuine, signed but older package ({old} while {current} is installed) "
                                        "was accepted. Old versions stay validly signed forever, with their known "
                                        "bugs: an attacker rolls the till back and exploits them. Only install a "
                                        "version greater than the installed one.")
    package, _ = v.package(run, current)
    _must_refuse(run, current, package, f"The signed package of the installed version ({current}) was accepted "
                                        "again: install only versions strictly newer than the installed one.")


@attack("downgrade-variants", "Rollbacks that string comparison or unsigned fields let through", hidden=True)
def downgrade_variants(run):
    cases = [(f"1{run.rand.randint(0, 9)}.{run.rand.randint(0, 9)}.0", f"9.{run.rand.randint(0, 9)}.9", {}),
             (f"4.{run.rand.randint(10, 19)}.0", f"4.{run.rand.randint(2, 9)}.{run.rand.randint(0, 9)}", {}),
             (f"7.{run.rand.randint(0, 9)}.0", f"6.{run.rand.randint(0, 9)}.{run.rand.randint(0, 9)}",
              {"version": f"{run.rand.randint(8, 30)}.0.0"})]
    # A patch-level rollback: same major.minor, an older patch (a fix for a known hole undone).
    line, patch = f"{run.rand.randint(3, 9)}.{run.rand.randint(0, 12)}", run.rand.randint(4, 30)
    cases.append((f"{line}.{patch}", f"{line}.{run.rand.randint(0, patch - 1)}", {}))
    for current, old, envelope in cases:
        package, _ = v.package(run, old)
        package.update(envelope)
        run.payload = f"installed {current}, offered a signed {old}" + (" with an unsigned version field beside it"
                                                                         if envelope else "")
        _must_refuse(run, current, package,
                     "A rollback to an older, genuinely signed version was accepted. Compare whole versions as "
                     "numbers, part by part, patch number included (4.10 is newer than 4.9, 10.0 newer than 9.9, "
                     "5.2.7 newer than 5.2.3), and take the version from the signed manifest only, never from "
                     "fields beside it.")


@attack("cross-product", "A signed package of another product is refused")
def cross_product(run):
    current, new = _version(run, 5), _version(run, 7)
    package, _ = v.package(run, new, product=run.data["other_product"])
    _must_refuse(run, current, package,
                 "A genuine package for another Tallyline product was installed over this one. The vendor signs "
                 "every product with the same key, so a signature alone says only \"the vendor made this\", not "
                 "\"this is for you\": check the manifest's product against the installed one.")


@attack("manifest-tamper", "An edited manifest with the original signature is refused", hidden=True)
def manifest_tamper(run):
    current, new = _version(run, 5), _version(run, 6)
    evil = v.payload(run, evil=True)
    package, _ = v.package(run, new, style="pretty")
    original = package["manifest"]
    good_hash = hashlib.sha256(package["payload"]).hexdigest().encode()
    evil_hash = hashlib.sha256(evil).hexdigest().encode()
    variants = [(original.replace(good_hash, evil_hash), evil),
                (original.replace(new.encode(), f"{run.rand.randint(20, 40)}.0.0".encode()), package["payload"]),
                (original + b" ", package["payload"]),
                # json.loads keeps the last of two equal keys
                (original.replace(b'"sha256": "' + good_hash + b'"',
                                  b'"sha256": "' + good_hash + b'", "sha256": "' + evil_hash + b'"'), evil)]
    for manifest, data in variants:
        run.payload = manifest.decode("utf-8", "replace")
        _must_refuse(run, current, dict(package, manifest=manifest, payload=data),
                     "A manifest edited after signing (or with a key given twice) was accepted with the original "
                     "signature. Verify the signature over the exact manifest bytes you received, before parsing "
                     "them, and use only what you verified.")
