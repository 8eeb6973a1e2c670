"""Fix step: honest links work, tampered and forged ones don't, and the MAC is a real one.

Outcomes decide first: the judge knows the key length, so it runs the length extension
from step 1 (for MD5, SHA-1 and SHA-256, whichever the signature's size fits) with the
full advantage an attacker could get by trying every length. Then it reads app/signing.py
for the kind of MAC and for how signatures are compared (never timed).
"""

from urllib.parse import quote_from_bytes, unquote_to_bytes

from pysec_judge import mac_audit
import mdhash
import portaldata
from pysec_judge import TargetRaised, attack, fail, functional, setup

HONEST = [("farah", "invoices/O'Brien & Sons – INV-2025-0007.pdf"),
          ("mateo", "reports/À la carte menu – Zoë's draft.txt"),
          ("ines", "reports/q3-summary.txt")]


@setup
def seed(run):
    info = portaldata.install(run)
    for _, name in HONEST[:2]:
        run.target.write_file(f"data/files/{name}", f"{name}\n{run.text(20)}\n")
    run.data["info"] = info
    # Called directly, not through _call(): an exception here is the learner's code failing
    # (reported as such by the judge library), while fail() in a setup would blame the lab.
    run.data["mine"] = run.target.call("app.portal:make_link", info["me"], info["invoice"]).value


def _call(run, fn, *args):
    try:
        return run.target.call("app.portal:" + fn, *args).value
    except TargetRaised as err:
        run.details["traceback"] = err.traceback
        fail(f"{fn}() raised {err.type_name}: {err.message}. Whatever a link contains, the portal should answer "
             "with a status, and sign() / verify() should accept any bytes.")


def _status(reply):
    return reply.get("status") if isinstance(reply, dict) else None


def _split(link):
    query, _, sig = link.rpartition("&sig=")
    return query, sig


# ---------------------------------------------------------------- honest use


@functional("links-work", "Signed links download their file")
def links_work(run):
    info = run.data["info"]
    for user, name in [(info["me"], info["invoice"]), HONEST[2]]:
        reply = _call(run, "download", _call(run, "make_link", user, name))
        if _status(reply) != 200:
            fail(f"A link the portal just made for {user} to download {name} was refused: {reply!r}.")


@functional("unicode-links", "Files with apostrophes, & and accents in their names can be shared")
def unicode_links(run):
    for user, name in HONEST[:2]:
        link = _call(run, "make_link", user, name)
        reply = _call(run, "download", link)
        if _status(reply) != 200 or reply.get("file") != name:
            fail(f"The link for {name!r} did not download that file: {reply!r}. Signatures must work for any "
                 "bytes in the query, including UTF-8 letters.")


@functional("tampered-refused", "Links changed without a new signature are refused")
def tampered_refused(run):
    query, sig = _split(run.data["mine"])
    flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    cases = {
        "a link for another file with the original signature":
            query.replace(run.data["info"]["invoice"].split("/")[-1], "q3-summary.txt").replace("invoices", "reports")
            + "&sig=" + sig,
        "a link whose signature has one character changed": f"{query}&sig={flipped}",
        "a link without a signature": query,
        "a link with another user's name": query.replace("user=", "user=x", 1) + "&sig=" + sig,
    }
    for what, link in cases.items():
        if _status(_call(run, "download", link)) == 200:
            fail(f"The portal accepted {what}.")


# ---------------------------------------------------------------- attacks


def _forge(run, link, suffix):
    """Length-extends `link` with `suffix` using the real key length; None if the signature isn't MD-shaped."""
    query, sig = _split(link)
    algo = mdhash.algo_for(sig)
    try:
        bytes.fromhex(sig)
    except ValueError:
        return None
    if algo is None:
        return None
    message = unquote_to_bytes(query)
    glue, forged = mdhash.extend(algo, sig.lower(), len(run.data["info"]["key"]) + len(message), suffix)
    return f"{query}{quote_from_bytes(glue)}{quote_from_bytes(suffix, safe='/&=')}&sig={forged}", algo


@attack("length-extension", "A length-extended link to the payroll export is refused")
def length_extension(run):
    forged = _forge(run, run.data["mine"], b"&file=" + portaldata.PAYROLL.encode())
    if forged is None:
        return
    link, algo = forged
    reply = _call(run, "download", link)
    if _status(reply) == 200:
        fail(f"The attack from step 1 still works: from your own invoice link, an attacker computed a valid "
             f"signature for a longer link ending in &file={portaldata.PAYROLL} and downloaded it. The signature is "
             f"{algo.upper()}(key + message), and every Merkle-Damgard hash (MD5, SHA-1, SHA-2) can be extended "
             "this way. Use HMAC: hmac.new(key, message, hashlib.sha256).")


@attack("extension-variants", "Other length extensions are refused too", hidden=True)
def extension_variants(run):
    user, name = HONEST[2]
    link = _call(run, "make_link", user, name)
    suffix = f"&user={run.word()}&file={portaldata.PAYROLL}&note={run.token(3)}".encode()
    forged = _forge(run, link, suffix)
    if forged is None:
        return
    run.payload = forged[0]
    if _status(_call(run, "download", forged[0])) == 200:
        fail("A link extended with other parameters (and a different base link) was accepted: the signature can "
             "still be length-extended. Refusing particular files or characters does not fix that; HMAC does.")


@attack("short-signature", "Empty and shortened signatures are refused", hidden=True)
def short_signature(run):
    query, sig = _split(run.data["mine"])
    payroll = query.replace(run.data["info"]["invoice"], portaldata.PAYROLL)
    for guess in ("", sig[:1], sig[:2], sig[:8]):
        run.payload = f"{payroll}&sig={guess}"
        if _status(_call(run, "download", run.payload)) == 200:
            fail("A link for another file with an empty or very short signature was accepted. An attacker can "
                 "try every one- or two-character signature in seconds. verify() must compare the whole "
                 "signature, and a shorter one is simply wrong.")


@attack("full-length-tag", "Signatures are long enough that guessing one is hopeless")
def full_length_tag(run):
    _, sig = _split(run.data["mine"])
    hexish = all(c in "0123456789abcdefABCDEF" for c in sig)
    bits = len(sig) * (4 if hexish else 6)
    if bits < 128:
        fail(f"Signatures are {len(sig)} characters, about {bits} bits. An attacker who tries signatures for a "
             "forged link needs about 2^{bits - 1} tries; keep at least 128 bits of the MAC (32 hex digits), "
             "better all of it.".replace("{bits - 1}", str(max(bits - 1, 0))))


def _audit(run):
    if "audit" not in run.data:
        source = run.target.read_file("app/signing.py")
        if source is None:
            fail("app/signing.py is missing.")
        try:
            run.data["audit"] = mac_audit.audit(source.decode("utf-8", "replace"), ("sign", "verify"))
        except SyntaxError as err:
            fail(f"app/signing.py does not parse: {err}")
    return run.data["audit"]


@attack("keyed-mac", "sign() uses a real MAC (HMAC), not a hash of key + message")
def keyed_mac(run):
    report = _audit(run)
    if report["strong"]:
        return
    if report["weak"]:
        line, code = report["weak"][0]
        fail(f"Line {line} of app/signing.py makes the signature with a plain hash: {code}. A hash of key + "
             "message can be length-extended (step 1), and filtering what an extension looks like only blocks "
             "the attacks you thought of. Use hmac.new(key, message, hashlib.sha256).")
    fail("app/signing.py does not use a keyed MAC: use hmac.new(key, message, hashlib.sha256) (or BLAKE2 with key=).")


@attack("constant-time-verify", "verify() compares signatures in constant time")
def constant_time_verify(run):
    report = _audit(run)
    if report["comparisons"]:
        line, code = report["comparisons"][0]
        fail(f"Line {line} of app/signing.py compares with == or != : {code}. == stops at the first character "
             "that differs, so the time a refusal takes tells an attacker how many leading characters of a "
             "guessed signature are right, and they can build a valid one character by character. Use "
             "hmac.compare_digest().", comparisons=[f"line {n}: {c}" for n, c in report["comparisons"]])
    if not report["constant_time"]:
        fail("verify() never uses a constant-time comparison: hmac.compare_digest(expected, signature).")
