"""Fix step: secrets and releases still work, and RSA is used with padding and sane keys.

The attack checks replay step 1 (cube root, signature blinding) and decide on outcomes. The
judge also holds the key vault (data/keys/*.pem, as the service does), so it can look at a
ciphertext the way the recipient's private key sees it: OAEP decrypts, PKCS#1 v1.5 shows
its 00 02 header, textbook RSA shows the message itself. Signatures are checked the same
way with the public key.
"""

import math
import secrets

import tallyho
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from pysec_judge import TargetRaised, attack, fail, functional, setup

HASHES = (hashes.SHA256, hashes.SHA384, hashes.SHA512, hashes.SHA1, hashes.SHA224)


@setup
def seed(run):
    run.data["plan"] = tallyho.setup(run)


def _call(run, fn, *args, what=None):
    try:
        return run.target.call(fn, *args).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"{what or fn} raised {err.type_name}: {err.message}.")


def _post(run, secret):
    return _call(run, "app.service:post_secret", "ops", secret, what=f"post_secret() of a {len(secret)}-character secret")


def _private(run, name):
    return serialization.load_pem_private_key(run.target.read_file(f"data/keys/{name}.pem"), password=None)


def _public(run, name):
    return serialization.load_pem_public_key(run.target.read_file(f"data/keys/{name}.pub"))


def _refused(run, artifact, signature_hex):
    try:
        run.target.call("app.service:deploy", artifact, signature_hex)
    except TargetRaised as err:
        if err.is_a("builtins.PermissionError"):
            return True
        run.details["traceback"] = err.traceback
        fail(f"deploy() with a bad signature raised {err.type_name}: {err.message}; verify() should return False "
             "(and deploy() then refuses with PermissionError).")
    return False


# ---------------------------------------------------------------- honest use


@functional("secret-roundtrip", "Posted secrets reach their recipient intact")
def secret_roundtrip(run):
    for secret in ("x", "Grüße, Zoë — 🔑 token", run.data["plan"]["secret"], "pw='quote\"s' " + run.text(80)):
        ciphertext = _post(run, secret)
        back = _call(run, "app.service:read_secret", "ops", ciphertext, what="read_secret()")
        if back != secret:
            fail(f"A secret of {len(secret)} characters came back as {back!r:.100} instead of {secret!r:.100}.")


@functional("release-deploys", "Releases approved by the release manager deploy")
def release_deploys(run):
    release = f"release:{run.rand.randrange(1, 20)}.{run.rand.randrange(0, 9)}.0 sha256={run.token(32)}".encode()
    signature = _call(run, "app.service:approve_release", release, what="approve_release()")
    receipt = _call(run, "app.service:deploy", release, signature, what="deploy() of an approved release")
    if run.data["plan"]["receipt"] not in str(receipt):
        fail(f"An approved release did not deploy properly: {receipt!r:.200}")
    build = b"build 4711 " + secrets.token_bytes(3000)
    if not isinstance(_call(run, "app.service:sign_build", build, what="sign_build() of a 3 KB artefact"), str):
        fail("sign_build() should still return the signature as hex text.")


@functional("bad-signatures-refused", "Changed releases and signatures are refused")
def bad_signatures_refused(run):
    release = f"release:2.{run.rand.randrange(0, 9)}.1 sha256={run.token(32)}".encode()
    signature = _call(run, "app.service:approve_release", release, what="approve_release()")
    flipped = bytearray(bytes.fromhex(signature))
    flipped[len(flipped) // 2] ^= 0x10
    for artifact, sig, what in ((release + b" ", signature, "a release with a byte added"),
                                (release, flipped.hex(), "a signature with a bit flipped"),
                                (release, "00" * len(flipped), "an all-zero signature")):
        if not _refused(run, artifact, sig):
            fail(f"deploy() accepted {what}.")


# ---------------------------------------------------------------- attacks


def _iroot(k, x):
    if x < 2:
        return x
    r = 1 << ((x.bit_length() + k - 1) // k)
    while True:
        s = ((k - 1) * r + x // r ** (k - 1)) // k
        if s >= r:
            return r
        r = s


@attack("cube-root", "A short secret can't be recovered with an integer root")
def cube_root(run):
    secret = f"deploy key {run.token(10)}"
    run.payload = secret
    ciphertext = bytes.fromhex(_post(run, secret))
    numbers = _public(run, "ops").public_numbers()
    n, e = numbers.n, numbers.e
    c = int.from_bytes(ciphertext[: (n.bit_length() + 7) // 8], "big")
    for k in range(64):  # also a few wraps around n (tiny hand-rolled padding)
        m = _iroot(e, c + k * n) if e < 100 else None
        if m is not None and m ** e == c + k * n:
            fail(f"The secret came straight back from the ciphertext with an integer {e}th root: without padding (or "
                 "with too little), a short message raised to a small e never wraps around n. Use OAEP "
                 "(padding.OAEP with MGF1 and SHA-256), which fills the whole modulus with randomised padding.")


def _shared_run(a, b, size=32):
    """True when some `size`-byte run of a also occurs in b."""
    windows = {a[i:i + size] for i in range(len(a) - size + 1)}
    return any(b[i:i + size] in windows for i in range(len(b) - size + 1))


def _mgf1(seed, length, algorithm):
    out, counter = b"", 0
    while len(out) < length:
        h = hashes.Hash(algorithm())
        h.update(seed + counter.to_bytes(4, "big"))
        out += h.finalize()
        counter += 1
    return out[:length]


def _oaep_with_label(em, message):
    """True when em (the raw RSA decryption, k bytes) is an OAEP block of message under some label.

    The library can't decrypt without knowing the label, but the label only enters as its hash
    at the start of the data block; the rest of the structure (mask, 00..01, message) is checkable.
    """
    for algorithm in HASHES:
        h = algorithm.digest_size
        if em[0] != 0 or len(em) < 2 * h + 2:
            continue
        masked_seed, masked_db = em[1:1 + h], em[1 + h:]
        seed = bytes(x ^ y for x, y in zip(masked_seed, _mgf1(masked_db, h, algorithm)))
        db = bytes(x ^ y for x, y in zip(masked_db, _mgf1(seed, len(masked_db), algorithm)))
        rest = db[h:].lstrip(b"\x00")
        if rest[:1] == b"\x01" and rest[1:] == message:
            return True
    return False


@attack("randomized-encryption", "The same secret never gives the same ciphertext")
def randomized(run):
    secret = f"api token {run.token(8)}"
    first, second = _post(run, secret), _post(run, secret)
    if first != second and _shared_run(bytes.fromhex(first), bytes.fromhex(second)):
        fail("Posting the same secret twice gave two ciphertexts that share a long run of identical bytes: part "
             "of each ciphertext is computed the same way every time (a deterministic piece, such as a raw RSA "
             "block kept next to the OAEP one). Anyone can encrypt a guess with the public key and compare that "
             "piece, so short secrets fall to guessing. Every byte must depend on fresh randomness: send only "
             "the OAEP ciphertext (or OAEP-wrapped key plus AEAD data).")
    if first == second:
        fail("Posting the same secret twice gave the same ciphertext. Anyone can then test guesses (encrypt a "
             "candidate with the public key and compare), and Håstad's attack combines the same message sent to "
             "several people. OAEP adds a random seed to every encryption.")


@attack("uses-oaep", "Ciphertexts are RSA-OAEP")
def uses_oaep(run):
    secret = f"vault unseal {run.token(12)}"
    ciphertext = bytes.fromhex(_post(run, secret))
    key = _private(run, "ops")
    k = (key.key_size + 7) // 8
    block = ciphertext[:k]
    for algorithm in HASHES:
        try:
            key.decrypt(block, padding.OAEP(mgf=padding.MGF1(algorithm()), algorithm=algorithm(), label=None))
            return
        except ValueError:
            continue
    numbers = key.private_numbers()
    em = pow(int.from_bytes(block, "big"), numbers.d, numbers.public_numbers.n).to_bytes(k, "big")
    if _oaep_with_label(em, secret.encode()):
        return  # OAEP with a label (associated context): fine
    if em[:2] == b"\x00\x02":
        fail("The ciphertext decrypts to a PKCS#1 v1.5 block (00 02, random bytes, 00, message). v1.5 encryption is "
             "the padding of Bleichenbacher's 1998 attack: a server that reveals in any way whether padding was "
             "valid decrypts anything for an attacker (ROBOT, 2017, found it alive in 27 of the top 100 sites). "
             "Use OAEP.")
    if secret.encode() in em:
        fail("Decrypting the ciphertext with the private key shows the secret next to hand-made padding, not an "
             "OAEP block. Home-made RSA padding is how the known attacks start (small-e roots, related messages, "
             "oracles). Use the library's padding.OAEP.")
    fail("The ciphertext is not RSA-OAEP (with SHA-1/224/256/384/512 and MGF1) under the recipient's key. "
         "Encrypt with public_key.encrypt(data, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), "
         "algorithm=hashes.SHA256(), label=None)).")


@attack("sane-key-parameters", "New keys are at least 2048 bits with e = 65537")
def sane_key_parameters(run):
    for name in ("ops", "build-signer"):
        numbers = _public(run, name).public_numbers()
        bits = numbers.n.bit_length()
        if bits < 2048:
            fail(f"generate_keypair() made a {bits}-bit key. 1024-bit RSA is within reach of a well-funded attacker "
                 "(768 bits was factored in 2009, 829 in 2020) and every standard now asks for 2048 at least, "
                 "3072 for use beyond 2030.")
        if numbers.e != 65537:
            fail(f"generate_keypair() made keys with e = {numbers.e}. OAEP stops the cube root from step 1, but a "
                 "tiny exponent leaves no margin for any mistake around it: Coppersmith's attacks on related or "
                 "partly known messages and Bleichenbacher's 2006 forgery of e = 3 signatures against sloppy "
                 "verifiers all need small e. Use e = 65537, which the library and the standards recommend.")



@attack("own-key-pairs", "Every member gets a key pair of their own")
def own_key_pairs(run):
    ops = _public(run, "ops").public_numbers().n
    signer = _public(run, "build-signer").public_numbers().n
    if ops == signer:
        fail("generate_keypair() gave the ops member and the build signer the same key pair, so ops holds the "
             "build signer's private key and can sign releases (and every member can read every secret). A key "
             "pair made once and handed out again is a shared secret, not a private key: generate a new one "
             "for every call.")
    if math.gcd(ops, signer) != 1:
        fail("The ops member's and the build signer's moduli share a prime factor, so both private keys can be "
             "computed from the public keys with one gcd. Let rsa.generate_private_key() make every key, with "
             "fresh randomness from the operating system.")

def _blinding_attempt(run, artifact):
    numbers = _public(run, "build-signer").public_numbers()
    n, e = numbers.n, numbers.e
    k = (n.bit_length() + 7) // 8
    t = int.from_bytes(artifact, "big")
    if t >= n:
        return False
    while True:
        r = secrets.randbelow(n - 2) + 2
        blinded = (t * pow(r, e, n)) % n
        if not blinded.to_bytes(k, "big").startswith(b"release:"):
            break
    s_blinded = int(_call(run, "app.service:sign_build", blinded.to_bytes(k, "big"), what="sign_build()"), 16)
    forged = (s_blinded * pow(r, -1, n)) % n
    return not _refused(run, artifact, forged.to_bytes(k, "big").hex())


@attack("blinded-signature", "CI can't be tricked into signing a release", hidden=True)
def blinded_signature(run):
    artifact = f"release:{run.rand.randrange(7, 99)}.0.0 sha256={run.token(16)}".encode()
    run.payload = artifact.decode()
    if _blinding_attempt(run, artifact):
        fail("The attack from step 1 still works: CI signed a blinded number and, divided by r, its signature "
             "deployed a release nobody approved. Raw RSA signatures are multiplicative. Sign a hash of the "
             "message with a standard padding: RSA-PSS (key.sign(data, padding.PSS(...), hashes.SHA256())).")


@attack("uses-pss", "Signatures are RSA-PSS")
def uses_pss(run):
    artifact = b"build " + run.token(20).encode()
    signature = bytes.fromhex(_call(run, "app.service:sign_build", artifact, what="sign_build()"))
    key = _public(run, "build-signer")
    for algorithm in HASHES[:3]:
        try:
            key.verify(signature, artifact, padding.PSS(mgf=padding.MGF1(algorithm()), salt_length=padding.PSS.AUTO),
                       algorithm())
            return
        except InvalidSignature:
            continue
    for algorithm in HASHES[:3]:
        try:
            key.verify(signature, artifact, padding.PKCS1v15(), algorithm())
            fail("Builds are signed with PKCS#1 v1.5. That is not broken when verified strictly, but it is "
                 "deterministic, has no security proof, and lax v1.5 verifiers have been forged again and again "
                 "(Bleichenbacher 2006, BERserk 2014). New code should use RSA-PSS: "
                 "padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH).")
        except InvalidSignature:
            continue
    fail("The build signature is not a standard RSA-PSS signature (SHA-256/384/512, MGF1) of the artefact. "
         "Hand-made schemes (textbook RSA of a hash, custom padding) lack PSS's proof. Use "
         "key.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH), "
         "hashes.SHA256()).")


@attack("pss-only", "deploy() accepts PSS signatures only, not the old raw ones", hidden=True)
def pss_only(run):
    # The judge holds the key vault, so it can make an old-style raw signature itself.
    artifact = f"release:{run.rand.randrange(1, 99)}.{run.rand.randrange(0, 9)}.3 sha256={run.token(24)}".encode()
    run.payload = artifact.decode()
    numbers = _private(run, "build-signer").private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    m = int.from_bytes(artifact, "big")
    if m >= n:
        return
    raw = pow(m, d, n).to_bytes((n.bit_length() + 7) // 8, "big").hex()
    if not _refused(run, artifact, raw):
        fail("deploy() accepted a raw RSA signature (s = m^d mod n, the scheme from step 1) of a release: verify() "
             "still falls back to the old scheme. A verifier that accepts two schemes is only as strong as the "
             "weaker one, and raw signatures are malleable: signatures of other numbers, such as the blinded "
             "ones from step 1 or anything the old code ever signed with this key, combine into a signature "
             "for a release. Accept RSA-PSS and nothing else.")
