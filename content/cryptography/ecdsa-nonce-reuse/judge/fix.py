"""Fix step: releases still verify on every thermostat, and no nonce can give the key away.

The judge made the signing key, so for each valid signature it computes the nonce k the
signer used (k = s^-1 (z + r*d) mod n). The checks decide on what an attacker could do with
the published manifests: two signatures with one k (different digests) give d at once;
a k computable from public data gives d from one signature; related or short nonces give it
with a little algebra or a lattice; a k from the random module repeats when anything seeds it.
"""

import ast
import hashlib
import hmac
from itertools import combinations

import lumen
from pysec_judge import TargetRaised, attack, fail, functional, setup

SIGN = "app.signer:sign_release"


@setup
def seed(run):
    lumen.install_key(run)
    run.data["pool"] = []  # (label, model, version, image, z, k) of every valid signature so far
    models = run.rand.sample(lumen.MODELS, 3)
    run.data["models"] = models


def _sign(run, model, version, image, label, shown=None):
    """sign_release(); checks the manifest and its signature, records the nonce."""
    call = shown or f"sign_release({model!r}, {version!r}, <{len(image)}-byte image>)"
    try:
        manifest = run.target.call(SIGN, model, version, image).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"{call} raised {err.type_name}: {err.message}. The build server must be able to sign every release.")
    if not isinstance(manifest, dict):
        fail(f"{call} returned {manifest!r:.200}; it should return the manifest dict, as before.")
    sha = hashlib.sha256(image).hexdigest()
    for key, want in (("model", model), ("version", version), ("sha256", sha)):
        if manifest.get(key) != want:
            fail(f"{call} returned a manifest whose {key} is {manifest.get(key)!r:.100}, expected {want!r:.100}.")
    r, s = manifest.get("r"), manifest.get("s")
    if not (isinstance(r, int) and isinstance(s, int)) or isinstance(r, bool) or isinstance(s, bool):
        fail(f"{call} returned r={r!r:.80}, s={s!r:.80}; the thermostats expect r and s as Python ints "
             "(cryptography's decode_dss_signature gives you them from a DER signature).")
    z = lumen.digest(lumen.signed_bytes(model, version, sha))
    if not lumen.verifies(run.data["public"], z, r, s):
        fail(f"The signature {call} returned does not verify with the thermostats' public key "
             "(keys/signing.pub) over the manifest's signed bytes (app/release.py): every thermostat in the field "
             "would refuse this release. Keep signing with the key in keys/signing.key, over signed_bytes(manifest), "
             "with SHA-256.")
    k = lumen.nonce(run.data["d"], z, r, s)
    run.data["pool"].append((label, model, version, image, z, k, r))
    return manifest


def _reused(run, entries):
    """The first pair of signatures over different digests that share a nonce, or None."""
    for a, b in combinations(entries, 2):
        if a[5] == b[5] and a[4] != b[4]:
            return a, b
    return None


# ---------------------------------------------------------------- honest use


@functional("signs-releases", "Releases are signed with the thermostats' key and verify")
def signs_releases(run):
    a, b, c = run.data["models"]
    _sign(run, a, lumen.version(run), lumen.image(run), "an ordinary release")
    _sign(run, f"{b} Ørsted-Édition", lumen.version(run), lumen.image(run), "a model with accents")
    _sign(run, c, f"{run.rand.randint(10, 99)}.0.{run.rand.randint(100, 999)}", b"", "an empty image")
    _sign(run, a, lumen.version(run), lumen.image(run, 300_000), "a 300 kB image")


@functional("device-installs", "A thermostat installs a newly signed release")
def device_installs(run):
    model = run.data["models"][0]
    old, new = f"3.{run.rand.randint(0, 9)}.0", f"4.{run.rand.randint(0, 9)}.{run.rand.randint(0, 9)}"
    lumen.set_device(run, model, old, lumen.image(run))
    image = lumen.image(run)
    manifest = _sign(run, model, new, image, "the release for the thermostat")
    try:
        run.target.call("app.device:install_update", manifest, image)
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"A {model} thermostat refused the release signed by sign_release(): {err.message}. app/device.py "
             "is what runs on the thermostats; the manifests must keep the shape it reads.")
    if run.target.read_file("device/firmware.bin") != image:
        fail("install_update() accepted the release, but the thermostat's firmware did not change.")


# ---------------------------------------------------------------- attacks


@attack("same-model", "Two releases of one model do not share a nonce")
def same_model(run):
    model = run.data["models"][1]
    first = _sign(run, model, f"5.{run.rand.randint(0, 9)}.0", lumen.image(run), "release 1 of a model")
    second = _sign(run, model, f"6.{run.rand.randint(0, 9)}.1", lumen.image(run), "release 2 of the same model")
    if first["r"] == second["r"]:
        z1, z2 = run.data["pool"][-2][4], run.data["pool"][-1][4]
        _, d = lumen.recover(z1, first["s"], z2, second["s"], first["r"])
        confirm = " (checked: it is your key)" if d == run.data["d"] else ""
        fail(f"Two {model} releases still carry the same r, so they were signed with the same nonce k. From these "
             f"two public manifests alone the judge recovered the signing key{confirm}, as you did in step 1. "
             "k must be new and secret for every signature, not for every model.")


@attack("nonce-reuse-variants", "No two different releases share a nonce (rebuilds, re-versioned images)",
        hidden=True)
def nonce_reuse_variants(run):
    model, other = run.data["models"][0], run.data["models"][2]
    version = f"7.{run.rand.randint(0, 9)}.{run.rand.randint(0, 9)}"
    image = lumen.image(run)
    run.payload = f"releases of {model}/{other} around version {version}"
    _sign(run, model, version, image, "a release", shown="sign_release(...)")
    _sign(run, model, version, lumen.image(run), "a rebuild: same model and version, new image", shown="sign_release(...)")
    _sign(run, model, f"7.{run.rand.randint(10, 19)}.0", image, "the same image under a new version", shown="sign_release(...)")
    _sign(run, other, version, image, "the same image and version for another model", shown="sign_release(...)")
    pair = _reused(run, run.data["pool"])
    if pair:
        a, b = pair
        fail(f"Two different releases were signed with the same nonce k: {a[0]} and {b[0]}. Anyone holding both "
             "manifests can solve for the signing key. Whatever k depends on must include the whole message "
             "(or be fresh random), and the secret key.")


def _public_derivations(model, version, image, z):
    """Nonces an attacker can compute from a manifest and its image alone."""
    sha = hashlib.sha256(image).hexdigest()
    inputs = [lumen.signed_bytes(model, version, sha), image, sha.encode(), bytes.fromhex(sha), model.encode(),
              version.encode(), (model + version).encode(), f"{model}|{version}|{sha}".encode(),
              z.to_bytes(32, "big")]
    found = {z, z % lumen.N, (z + 1) % lumen.N}
    for data in inputs:
        for name in ("sha256", "sha512", "sha3_256", "blake2b", "blake2s", "sha1", "md5"):
            value = int.from_bytes(hashlib.new(name, data).digest(), "big")
            found.update((value, value % lumen.N, value % (lumen.N - 1) + 1, value >> max(value.bit_length() - 256, 0)))
        for key in (b"", b"lumen", model.encode()):
            value = int.from_bytes(hmac.new(key, data, hashlib.sha256).digest(), "big")
            found.update((value, value % lumen.N, value % (lumen.N - 1) + 1))
    return found


@attack("nonce-from-data", "No nonce can be computed from the published release")
def nonce_from_data(run):
    for label, model, version, image, z, k, _ in run.data["pool"]:
        if k in _public_derivations(model, version, image, z):
            fail(f"The nonce k of {label} is a hash of data anyone has (the manifest or the image). An attacker "
                 "computes k from the manifest and then the key from a single signature: d = (s*k - z) / r mod n. "
                 "A deterministic nonce must also depend on the private key (that is what RFC 6979 does), or use "
                 "fresh randomness from the secrets module / let cryptography sign.")


@attack("nonce-full-size", "Nonces use the whole range of the curve order")
def nonce_full_size(run):
    for label, *_rest, k, _r in run.data["pool"]:
        if k.bit_length() <= 224:
            fail(f"The nonce k of {label} has only {k.bit_length()} bits where the curve order has 256. Nonces that "
                 "are short (or whose top bits are always zero) leak the key through lattice attacks once an attacker "
                 "has a few dozen signatures (as in the Minerva and TPM-Fail attacks). Draw k uniformly from "
                 "[1, n-1], e.g. secrets.randbelow(n - 1) + 1.")


@attack("related-nonces", "Nonces are not related to each other (counters, offsets)")
def related_nonces(run):
    pool = run.data["pool"]
    for a, b in combinations(pool, 2):
        if a[5] == b[5]:
            continue
        diff = (a[5] - b[5]) % lumen.N
        if min(diff, lumen.N - diff) < 2**128:
            fail(f"The nonces of {a[0]} and {b[0]} differ by a small amount (a counter or an offset). With "
                 "k2 = k1 + c, the two signatures are two linear equations in k1 and d, and an attacker who "
                 "guesses c solves them. Each k must be independent of every other one: random, or derived from "
                 "the key and the message.")


@attack("random-module-state", "Nonces do not come from the random module or the clock")
def random_module_state(run):
    # Two different models: only the random module's state, reset in between, links the two.
    models = run.data["models"][1:]
    seed_value = run.rand.randint(1, 10**9)
    keys = []
    for n, model in enumerate(models):
        run.target.call("random:seed", seed_value)
        _sign(run, model, f"8.{n}.{run.rand.randint(0, 99)}", lumen.image(run), f"release {n + 1} after random.seed()")
        keys.append(run.data["pool"][-1][5])
    if keys[0] != keys[1]:
        # Not the global generator; a private random.Random() is still a Mersenne Twister.
        source = run.target.read_file("app/signer.py")
        found = _random_module_uses((source or b"").decode("utf-8", "replace"))
        if found:
            line, code = found[0]
            fail(f"Line {line} of app/signer.py takes nonce material from {code}, which is not a secret source: "
                 "a random.Random() of your own is still a Mersenne Twister (its state follows from its output, and "
                 "its seed decides every nonce), and the clock or the process ID can be guessed within a few million "
                 "tries. Use secrets.randbelow(n - 1) + 1, or let cryptography's ECDSA pick k.")
        return
    if keys[0] == keys[1]:
        fail("After the same random.seed() call, two different releases were signed with the same nonce: k comes "
             "from the random module. Its Mersenne Twister is not meant for secrets: any library in the build that "
             "seeds it (for reproducible test data, say) makes k repeat, and its output can be predicted. Use the "
             "secrets module, or let cryptography's ECDSA pick k.")


CLOCK = {"time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "getpid", "now",
         "utcnow", "uuid1", "process_time", "thread_time"}


def _random_module_uses(source):
    """[(line, code)] for every use of the random module other than random.SystemRandom, of
    numpy's generators, and of dynamic imports (which would hide either)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    code = lambda node: (ast.get_source_segment(source, node) or "")[:80]
    names, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("random", "numpy"):
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            for alias in node.names:
                if (root == "random" and alias.name != "SystemRandom") or (root == "numpy" and "random" in
                                                                             f"{node.module}.{alias.name}"):
                    found.append((node.lineno, code(node)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("__import__",):
            found.append((node.lineno, code(node)))
        elif isinstance(node, ast.Attribute) and node.attr in CLOCK:
            found.append((node.lineno, code(node)))
        elif isinstance(node, ast.ImportFrom) and any(a.name in CLOCK for a in node.names):
            found.append((node.lineno, code(node)))
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names:
            parent = parents.get(node)
            if not (isinstance(parent, ast.Attribute) and parent.attr == "SystemRandom"):
                found.append((node.lineno, code(parent or node)))
    return sorted(set(found))
