"""Fix step: honest sessions work (between the learner's ends and with the judge's own
meterlink/2 peer), and a man in the middle gets nowhere.

Attack checks build on the learner's own messages, so they test the learner's protocol even
where it strays from the specification: substitute an ephemeral key and keep the signature,
re-sign with the attacker's identity (also announced in-band), replay a reply from another
session, reflect a message back to its sender, send a small-order point. An end "rejects"
by raising; a handshake call that returns means the session went ahead.
"""

import json

import gridlink as g
from pysec_judge import TargetRaised, attack, fail, functional, setup

SPEC = ("task.md, \"The meterlink/2 specification\"")


@setup
def seed(run):
    g.provision(run)
    run.data["attacker"] = g.Ed25519PrivateKey.generate()


def _meter(run):
    return run.target.call("app.network:new_meter", keep=True).handle


def _headend(run):
    return run.target.call("app.network:new_headend", keep=True).handle


def _call(handle, method, *args, what):
    try:
        return handle.call(method, *args).value
    except TargetRaised as err:
        fail(f"{what} raised {err.type_name}: {err.message}", traceback=err.traceback)


def _rejects(handle, method, message):
    """True when the call raised (the session was dropped)."""
    try:
        handle.call(method, message)
    except TargetRaised:
        return True
    return False


def _message(value, who):
    if not isinstance(value, dict) or not isinstance(value.get("eph"), bytes) or len(value["eph"]) != 32:
        fail(f"{who} should return a dict whose \"eph\" is the 32-byte X25519 public key; it returned "
             f"{value!r:.300}.")
    return value


def _honest(run):
    """A session between the learner's two ends: (meter, headend, hello, reply)."""
    meter, headend = _meter(run), _headend(run)
    hello = _message(_call(meter, "hello", what="Meter.hello()"), "Meter.hello()")
    reply = _message(_call(headend, "accept", hello, what="HeadEnd.accept() of an honest hello"), "HeadEnd.accept()")
    _call(meter, "finish", reply, what="Meter.finish() of the head-end's honest reply")
    return meter, headend, hello, reply


def _readings(run):
    meter = run.data["meter"]
    report = json.dumps({"serial": meter["serial"], "token": meter["token"], "kwh": meter["kwh"],
                         "note": f"Zählerstand für {run.name()}'s flat, 3 °C"}, ensure_ascii=False)
    return [report.encode("utf-8"), b"", run.rand.randbytes(65536)]


# ---------------------------------------------------------------- honest use


@functional("honest-session", "A meter and the head-end complete a session and exchange messages")
def honest_session(run):
    meter, headend, _, _ = _honest(run)
    for data in _readings(run):
        box = _call(meter, "seal", data, what="Meter.seal()")
        got = _call(headend, "open", box, what=f"HeadEnd.open() of a {len(data)}-byte message from the meter")
        if got != data:
            fail(f"The head-end opened a {len(data)}-byte message from the meter and got different bytes.")
        box = _call(headend, "seal", data, what="HeadEnd.seal()")
        got = _call(meter, "open", box, what=f"Meter.open() of a {len(data)}-byte message from the head-end")
        if got != data:
            fail(f"The meter opened a {len(data)}-byte message from the head-end and got different bytes.")


def _diagnose_key(shared, e_m, e_s, box):
    """What key the box is really under, in words, if it is one of the usual shortcuts."""
    import hashlib

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    m2h, h2m = g.session_keys(shared, e_m, e_s)
    guesses = [(shared, "the raw X25519 secret"), (hashlib.sha256(shared).digest(), "SHA-256 of the shared secret"),
               (h2m, "the head-end -> meter key (the second half); the first 32 bytes are meter -> head-end")]
    for info in (b"", g.KEYS, g.KEYS + e_s + e_m):
        okm = HKDF(hashes.SHA256(), 64, salt=None, info=info).derive(shared)
        guesses.append((okm[:32], f"HKDF with info {info[:20]!r}{'…' if len(info) > 20 else ''} (not the "
                                  "specified info)"))
    okm = HKDF(hashes.SHA256(), 32, salt=None, info=g.KEYS + e_m + e_s).derive(shared)
    guesses.append((okm, "one 32-byte HKDF output for both directions"))
    for key, words in guesses:
        if g.try_open(key, box) is not None:
            return words
    return None


@functional("interop-meter", "The meter completes a session with a head-end that follows the spec")
def interop_meter(run):
    ids = run.data["ids"]
    meter = _meter(run)
    hello = _message(_call(meter, "hello", what="Meter.hello()"), "Meter.hello()")
    e_m = hello["eph"]
    sig = hello.get("sig")
    if not isinstance(sig, bytes) or not g.verify(ids["meter"].public_key(), sig, g.HELLO + e_m):
        fail("The head-end cannot authenticate your meter's hello: its \"sig\" must be the meter's Ed25519 "
             f"signature over b\"meterlink/2 hello\" + eph ({SPEC}).")
    eph = g.eph()
    e_s = g.raw_pub(eph)
    reply = {"eph": e_s, "sig": ids["headend"].sign(g.REPLY + e_m + e_s)}
    _call(meter, "finish", reply, what="Meter.finish() of a correctly signed reply from the real head-end")
    shared = g.exchange(eph, e_m)
    m2h, h2m = g.session_keys(shared, e_m, e_s)
    data = _readings(run)[0]
    box = _call(meter, "seal", data, what="Meter.seal()")
    if g.try_open(m2h, box) != data:
        found = _diagnose_key(shared, e_m, e_s, box)
        why = f" Your meter encrypted it under {found}." if found else ""
        fail("The head-end could not decrypt your meter's first message. The meter -> head-end key is the first "
             "32 bytes of HKDF-SHA256(shared secret, salt none, info b\"meterlink/2 keys\" + E_m + E_s, 64 bytes), "
             f"and a box is nonce (12 bytes) + AES-GCM ciphertext ({SPEC})." + why)
    answer = f"ok {run.data['meter']['serial']}".encode()
    got = _call(meter, "open", g.seal(h2m, answer), what="Meter.open() of the head-end's answer")
    if got != answer:
        fail("Your meter decrypted the head-end's answer to different bytes.")


@functional("interop-headend", "The head-end completes a session with a meter that follows the spec")
def interop_headend(run):
    ids = run.data["ids"]
    headend = _headend(run)
    eph = g.eph()
    e_m = g.raw_pub(eph)
    hello = {"eph": e_m, "sig": ids["meter"].sign(g.HELLO + e_m)}
    reply = _message(_call(headend, "accept", hello, what="HeadEnd.accept() of a correctly signed hello"),
                     "HeadEnd.accept()")
    e_s = reply["eph"]
    sig = reply.get("sig")
    if not isinstance(sig, bytes) or not g.verify(ids["headend"].public_key(), sig, g.REPLY + e_m + e_s):
        fail("A meter cannot authenticate your head-end's reply: its \"sig\" must be the head-end's Ed25519 "
             f"signature over b\"meterlink/2 reply\" + E_m + E_s, both ephemeral keys ({SPEC}).")
    m2h, h2m = g.session_keys(g.exchange(eph, e_s), e_m, e_s)
    data = _readings(run)[0]
    got = _call(headend, "open", g.seal(m2h, data), what="HeadEnd.open() of a reading from a spec-following meter")
    if got != data:
        fail("Your head-end decrypted a meter's reading to different bytes.")
    box = _call(headend, "seal", b"ok", what="HeadEnd.seal()")
    if g.try_open(h2m, box) != b"ok":
        fail("A meter could not decrypt your head-end's answer: the head-end -> meter key is the second 32 bytes of "
             f"the HKDF output ({SPEC}).")


# ---------------------------------------------------------------- attacks


@attack("fresh-ephemeral", "Every session uses new ephemeral keys")
def fresh_ephemeral(run):
    _, _, hello1, reply1 = _honest(run)
    _, _, hello2, reply2 = _honest(run)
    if hello1["eph"] == hello2["eph"]:
        fail("Two sessions of the meter used the same ephemeral key E_m. A reused key gives up forward secrecy: "
             "whoever steals it later decrypts every recorded session made with it. Generate a new "
             "X25519PrivateKey in every hello().")
    if reply1["eph"] == reply2["eph"]:
        fail("Two sessions of the head-end used the same ephemeral key E_s. A reused key gives up forward secrecy: "
             "whoever steals it later decrypts every recorded session made with it. Generate a new "
             "X25519PrivateKey in every accept().")
    # One long-lived head-end answers many hellos, and a meter that reconnects says hello again:
    # a key made once per object (in __init__) is reused as soon as the object is.
    headend, meter = _headend(run), _meter(run)
    hellos = [_message(_call(meter, "hello", what="Meter.hello()"), "Meter.hello()") for _ in range(2)]
    if hellos[0]["eph"] == hellos[1]["eph"]:
        fail("The same Meter object sent the same ephemeral key E_m in two hello() calls (a reconnect). A reused "
             "key gives up forward secrecy. Generate a new X25519PrivateKey in every hello(), not once per object.")
    replies = [_message(_call(headend, "accept", h, what="HeadEnd.accept() of an honest hello"), "HeadEnd.accept()")
               for h in (hello1, hello2)]
    if replies[0]["eph"] == replies[1]["eph"]:
        fail("One HeadEnd object answered two meters' hellos with the same ephemeral key E_s. The head-end is a "
             "long-lived server: a key made once per object is reused for every session it serves. Generate a new "
             "X25519PrivateKey in every accept().")


def _forgeries(run, honest, signed_data):
    """Messages a man in the middle can send in place of `honest`: (description, message)."""
    attacker, mine = run.data["attacker"], g.raw_pub(g.eph())
    return [("the attacker's ephemeral key, with the honest signature left in place", dict(honest, eph=mine)),
            ("the attacker's ephemeral key, signed with the attacker's own identity key",
             dict(honest, eph=mine, sig=attacker.sign(signed_data(mine))))]


@attack("mitm-meter", "The meter rejects a head-end key chosen by a man in the middle")
def mitm_meter(run):
    for n in range(2):
        meter = _meter(run)
        hello = _message(_call(meter, "hello", what="Meter.hello()"), "Meter.hello()")
        reply = _message(_call(_headend(run), "accept", hello, what="HeadEnd.accept() of an honest hello"),
                         "HeadEnd.accept()")
        what, forged = _forgeries(run, reply, lambda e_s: g.REPLY + hello["eph"] + e_s)[n]
        if not _rejects(meter, "finish", forged):
            fail(f"The meter completed a handshake with a reply carrying {what}. The attacker now shares the "
                 "meter's session key and reads every reading. Verify the head-end's signature over both ephemeral "
                 "keys with the pinned head-end key (self.peer_public) before using E_s, and raise HandshakeError "
                 "when it does not verify.")


@attack("mitm-headend", "The head-end rejects a meter key chosen by a man in the middle")
def mitm_headend(run):
    _, _, hello, _ = _honest(run)
    for what, forged in _forgeries(run, hello, lambda e_m: g.HELLO + e_m):
        if not _rejects(_headend(run), "accept", forged):
            fail(f"The head-end answered a hello carrying {what}. The attacker can now pose as the meter: send "
                 "readings in its name, collect its token. Verify the meter's signature over its ephemeral key with "
                 "the pinned meter key (self.peer_public) before answering, and raise HandshakeError when it does "
                 "not verify.")


@attack("replayed-reply", "The meter rejects a head-end reply recorded in another session")
def replayed_reply(run):
    _, _, _, old_reply = _honest(run)
    meter = _meter(run)
    _call(meter, "hello", what="Meter.hello()")
    if not _rejects(meter, "finish", old_reply):
        fail("The meter accepted a head-end reply that an attacker recorded from an earlier session. The head-end's "
             "signature must cover this session's hello too (E_m + E_s), so a reply only fits the hello it answers.")


IN_BAND = ("id", "identity", "identity_key", "key", "pub", "public_key", "signer", "sender", "cert", "peer")


@attack("in-band-identity", "An identity key sent inside a message is not trusted", hidden=True)
def in_band_identity(run):
    ids, attacker = run.data["ids"], run.data["attacker"]
    fake_id = g.raw_pub(attacker)
    real = {g.raw_pub(ids["meter"]), g.raw_pub(ids["headend"])}
    run.payload = f"an extra field ({', '.join(IN_BAND)}) holding the attacker's Ed25519 public key"

    def dress(message):
        out = {k: (fake_id if isinstance(v, bytes) and v in real else v) for k, v in message.items()}
        out.update({name: fake_id for name in IN_BAND if name not in ("eph", "sig")})
        return out

    _, _, hello, reply = _honest(run)
    e_x = g.raw_pub(g.eph())
    forged_hello = dress(dict(hello, eph=e_x, sig=attacker.sign(g.HELLO + e_x)))
    if not _rejects(_headend(run), "accept", forged_hello):
        fail("The head-end accepted a hello signed by an unknown key that came with the message. Anyone can make a "
             "key pair and send its public half: only the key provisioned in advance (self.peer_public) says who "
             "the meter is.")
    meter = _meter(run)
    new_hello = _message(_call(meter, "hello", what="Meter.hello()"), "Meter.hello()")
    forged_reply = dress(dict(reply, eph=e_x, sig=attacker.sign(g.REPLY + new_hello["eph"] + e_x)))
    if not _rejects(meter, "finish", forged_reply):
        fail("The meter accepted a reply signed by an unknown key that came with the message. Anyone can make a key "
             "pair and send its public half: only the key provisioned in advance (self.peer_public) says who the "
             "head-end is.")


@attack("reflection", "A message cannot be bounced back to its sender")
def reflection(run):
    meter, headend, _, _ = _honest(run)
    data = _readings(run)[0]
    for who, end in (("meter", meter), ("head-end", headend)):
        box = _call(end, "seal", data, what=f"{who}.seal()")
        try:
            got = end.call("open", box).value
        except TargetRaised:
            continue
        if got == data:
            fail(f"The {who} accepted its own message, sent back to it by the attacker, as if it came from the "
                 "peer: both directions use the same key. Derive one key per direction (the spec takes 64 bytes "
                 "from HKDF: meter -> head-end first, head-end -> meter second).")


@attack("low-order-point", "A small-order ephemeral key (all-zero secret) is rejected", hidden=True)
def low_order_point(run):
    ids = run.data["ids"]
    point = run.rand.choice(g.LOW_ORDER)
    run.payload = f"eph = {point.hex()} (a point of small order), correctly signed"
    meter = _meter(run)
    hello = _message(_call(meter, "hello", what="Meter.hello()"), "Meter.hello()")
    reply = {"eph": point, "sig": ids["headend"].sign(g.REPLY + hello["eph"] + point)}
    if not _rejects(meter, "finish", reply):
        fail("The meter completed a handshake with an ephemeral key of small order. The X25519 secret is then all "
             "zeros, so the session key is known to everyone. cryptography's exchange() raises ValueError for these "
             "keys: let that end the handshake (as HandshakeError) instead of carrying on.")
    hello = {"eph": point, "sig": ids["meter"].sign(g.HELLO + point)}
    if not _rejects(_headend(run), "accept", hello):
        fail("The head-end answered a hello with an ephemeral key of small order. The X25519 secret is then all "
             "zeros, so the session key is known to everyone. Let exchange()'s ValueError end the handshake.")
