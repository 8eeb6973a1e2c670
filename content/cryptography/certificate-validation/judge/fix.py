"""Fix step: the till syncs from the real price service and from nothing else.

@setup builds a fresh PKI for the run: a new Fernhill root CA, an issuing CA, a new domain
name for the price service, leaf keys and serial numbers, and the impostors' certificates.
It writes them and the test bench (tlsbench.py, as pysec_tlsbench.py) into the program's
folder. The bench runs every server in the program's own process (the sandboxes share no
network) on 127.0.0.1, one port per scenario, and resolves the service's name to it.

Each check calls app.pricefeed:fetch_prices() for one server and judges what it returned or
raised, and what that server received (did the store's API key reach an impostor?).
"""

import os

import pki
from pysec_judge import TargetRaised, attack, fail, functional, setup

BENCH = "pysec_tlsbench"
SKU_STEMS = ("PT", "RS", "CP", "BC", "SB", "GD", "WT", "HP")


def _price_list(run, category):
    prices = {}
    for _ in range(run.rand.randint(3, 6)):
        sku = f"{run.rand.choice(SKU_STEMS)}-{run.rand.randint(1000, 9999)}"
        prices[sku] = f"{run.rand.randint(1, 400)}.{run.rand.randint(0, 99):02d}"
    return {"category": category, "currency": "GBP", "prices": prices, "ref": "HO-" + run.token(8)}


@setup
def build(run):
    rand = run.rand
    domain = f"fh{rand.randint(10, 99)}-{run.text(5, 'abcdefghijkmnpqrstuvwxyz')}.internal"
    host = f"prices.{domain}"
    other = rand.choice(("intranet", "mail", "wiki", "payroll", "backup", "vpn"))
    device = f"till-{rand.randint(100, 999)}.stores.{domain}"
    root = pki.authority(f"Fernhill Root CA {rand.randint(2024, 2031)}")
    old_root = pki.authority("Fernhill Root CA 2019")  # still in the bundle, as in real ones
    issuing = pki.authority("Fernhill Issuing CA 1", issuer=root, path_length=0)
    # An attacker's CA that copies the real root's name exactly: only the key differs.
    fake_root = pki.authority("", subject=root.cert.subject)
    genuine_other = pki.server(f"{other}.{domain}", [f"{other}.{domain}"], issuer=root)

    scenarios = {
        "valid": [pki.server(host, [host], issuer=root)],
        "chain": [pki.server(host, [host], issuer=issuing), issuing],
        "wildcard": [pki.server(f"*.{domain}", [f"*.{domain}"], issuer=root)],
        "self-signed": [pki.server(host, [host], self_signed_ca=True)],
        "wrong-host": [genuine_other],
        "expired": [pki.server(host, [host], issuer=root,
                               valid=(-rand.randint(400, 800), -rand.randint(2, 60)))],
        "untrusted-ca": [pki.server(host, [host], issuer=fake_root), fake_root],
        "not-yet-valid": [pki.server(host, [host], issuer=root, valid=(rand.randint(2, 30), 400))],
        "cn-not-in-san": [pki.server(host, [device], issuer=root)],
        "leaf-as-ca": [pki.server(host, [host], issuer=genuine_other), genuine_other],
        "relay-then-impostor": [pki.server(host, [host], issuer=root)],  # first connection only
    }
    real = ("valid", "chain", "wildcard")
    api_key = "fh-" + run.token(16)
    categories = {"valid": rand.choice(("power-tools", "roses", "compost", "bird-care")),
                  "chain": "décor extérieur", "wildcard": "seeds & bulbs"}
    categories["relay-then-impostor"] = categories["valid"]
    folder = f"trust-{run.token(3)}"
    ca_file = f"{folder}/fernhill-ca-bundle.pem"
    run.target.write_file(ca_file, b"# Fernhill CA bundle\n" + old_root.pem + root.pem)
    run.target.write_file(f"{BENCH}.py", _bench_source())
    specs = {}
    for name, chain in scenarios.items():
        stem = f"{folder}/server-{run.token(4)}"  # random names: the files don't say which is genuine
        run.target.write_file(f"{stem}.pem", pki.chain_pem(*chain))
        run.target.write_file(f"{stem}.key", chain[0].key_pem)
        files = {"chain": f"{stem}.pem", "key": f"{stem}.key"}
        if name in real:
            specs[name] = [dict(files, reply={categories[name]: _price_list(run, categories[name])},
                                api_key=api_key)]
        else:
            specs[name] = [dict(files, reply=_forged(run), api_key=None)]
    # The relay passes the first connection through to the real service (genuine certificate,
    # real prices) and answers every later one itself, with its self-signed certificate.
    relay = categories["relay-then-impostor"]
    specs["relay-then-impostor"] = [
        dict(specs["relay-then-impostor"][0], reply={relay: _price_list(run, relay)}, api_key=api_key),
        dict(specs["self-signed"][0], reply=_forged(run)),
    ]
    run.data.update(host=host, domain=domain, other=other, api_key=api_key, ca_file=ca_file,
                    specs=specs, categories=categories)


def _forged(run):
    """An impostor's answer: the category asked for, every item for a penny."""
    return {"currency": "GBP", "prices": {"PT-4410": "0.01", "RS-2201": "0.01"}, "ref": "MITM-" + run.token(6)}


def _bench_source():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tlsbench.py"), "rb") as f:
        return f.read()


def _sync(run, scenario, category):
    """fetch_prices() against one server: (value or None, TargetRaised or None, server log)."""
    data = run.data
    ports = run.target.call(f"{BENCH}:ensure", [data["host"]], data["specs"]).value
    service = {"host": data["host"], "port": ports[scenario], "ca_file": data["ca_file"],
               "api_key": data["api_key"]}
    value = raised = None
    try:
        value = run.target.call("app.pricefeed:fetch_prices", service, category).value
    except TargetRaised as err:
        raised = err
    log = run.target.call(f"{BENCH}:seen", scenario).value
    return value, raised, log


def _honest(run, scenario, what):
    category = run.data["categories"][scenario]
    value, raised, _ = _sync(run, scenario, category)
    if raised is not None:
        hint = ""
        if "unable to get local issuer" in raised.message or "self-signed certificate in" in raised.message:
            hint = (" The certificate is genuine: it is issued by Fernhill's CA, whose certificate is in the "
                    "file service[\"ca_file\"] names (a bundle with two roots). A client that only trusts the "
                    "system's public CAs, or that reads another file, cannot verify it.")
        elif "Hostname mismatch" in raised.message and f"'{run.data['host']}'" not in raised.message:
            hint = (" The certificate is valid for the host the till was asked to reach, service[\"host\"] (the "
                    "checker uses a new name every run); check it against that name, not a fixed one.")
        elif raised.is_a("ssl.SSLError") or raised.is_a("ssl.CertificateError"):
            hint = (" The certificate is genuine, current and valid for this host name, so a check that refuses "
                    "it is wrong: let the ssl module do the verification and the name matching.")
        fail(f"The till could not sync with the real price service ({what}): fetch_prices() raised "
             f"{raised.type_name}: {raised.message}.{hint}", traceback=raised.traceback)
    expected = run.data["specs"][scenario][0]["reply"][category]
    if not isinstance(value, dict) or value.get("prices") != expected["prices"] or value.get("ref") != expected["ref"]:
        fail(f"Syncing with the real price service ({what}) did not return head office's price list for "
             f"the category {category!r}: got {str(value)[:300]}. fetch_prices() must still return the "
             "parsed price list as before.")


@functional("real-service", "The till syncs with the real price service (certificate from Fernhill's CA)")
def real_service(run):
    _honest(run, "valid", "certificate issued by the Fernhill root CA")


@functional("intermediate-ca", "The till accepts a certificate issued through Fernhill's intermediate CA")
def intermediate_ca(run):
    _honest(run, "chain", "certificate from the Fernhill Issuing CA, which the root CA signed")


@functional("wildcard-certificate", "The till accepts head office's wildcard certificate")
def wildcard_certificate(run):
    _honest(run, "wildcard", f"certificate for *.{run.data['domain']}")


REFUSE = ("fetch_prices() must refuse it: raise (ssl.SSLCertVerificationError is what a verifying "
          "TLS connection raises) before any request is sent.")


def _impostor(run, scenario, story, lesson):
    """The till must not sync with (or send anything to) the impostor stage(s) of a scenario."""
    value, raised, log = _sync(run, scenario, run.data["categories"]["valid"])
    stages = run.data["specs"][scenario]
    fake = [e for e in log if stages[min(e.get("stage", 0), len(stages) - 1)]["api_key"] is None]
    leaked = any(e.get("request") and run.data["api_key"] in e["request"]["text"] for e in fake)
    reached = [e for e in fake if e.get("handshake")]
    if len(stages) > 1:  # a relay: the first connection went to the real service
        if reached:
            fail("The till checked the certificate on one connection and then sent its request over "
                 "another: the attacker let the first connection through to the real service and "
                 "answered the next one with a self-signed certificate"
                 + (", which got the store's API key." if leaked else ".")
                 + " Checking the certificate in a separate connection proves nothing about the one that "
                 "carries the request: verify the connection you send the request on, every time.",
                 evidence=[{"returned": str(value)[:400]}] if raised is None else [])
        return
    if raised is None:
        extra = " It also sent the store's API key to that server." if leaked else ""
        forged = stages[-1]["reply"]["prices"]
        if isinstance(value, dict) and value.get("prices") == forged:
            fail(f"The till synced with {story}: fetch_prices() returned the impostor's price list "
                 f"(every item for 0.01).{extra} {lesson} {REFUSE}",
                 evidence=[{"returned": str(value)[:400]}])
        fail(f"Talking to {story}, fetch_prices() returned {str(value)[:200]} instead of raising.{extra} "
             f"{lesson} {REFUSE} The caller (app/main.py) keeps yesterday's prices when it gets an error; "
             "a return value looks like a successful sync.")
    if not log:
        fail(f"fetch_prices() raised {raised.type_name}: {raised.message[:160]}, without ever connecting to "
             f"{story}. A client that has not seen a server's certificate cannot have verified it; whatever told "
             "it to refuse this server, it was not the certificate. Connect, and let the SSL context verify the "
             "certificate during the handshake.")
    if leaked:
        fail(f"fetch_prices() raised {raised.type_name}, but only after it had sent its request, with the "
             f"store's API key, to {story}. The certificate has to be checked during the TLS handshake, "
             "before a single byte of the request goes out: let the SSL context verify it.")
    if len(log) > 1 and reached:
        fail(f"fetch_prices() raised {raised.type_name} in the end, but it connected {len(log)} times to "
             f"{story} and got through a TLS handshake with it: it looks like the client retries with weaker "
             "settings when verification fails. A failed verification must end the sync.")


@attack("self-signed", "An impostor with a self-signed certificate for the service's name")
def self_signed(run):
    _impostor(run, "self-signed", "a server whose certificate is self-signed",
              "Anyone can make a self-signed certificate with any name in it in one command; it proves "
              "nothing unless you decided to trust that exact certificate.")


@attack("wrong-host", "A genuine Fernhill certificate, but for another server")
def wrong_host(run):
    _impostor(run, "wrong-host", f"a server whose genuine Fernhill certificate is for "
              f"{run.data['other']}.{run.data['domain']}, not {run.data['host']}",
              "A chain up to a trusted CA only proves who the certificate was issued to; the client also "
              "has to check that this is the server it meant to reach (check_hostname, with "
              "server_hostname set to the name it connects to).")


@attack("expired", "A Fernhill certificate for the service's name that has expired")
def expired(run):
    _impostor(run, "expired", "a server using an expired certificate for the price service's name",
              "Expired certificates and their keys turn up on old servers and backups, and are no longer "
              "revoked or watched; validity dates are part of the verification.")


@attack("untrusted-ca", "A certificate from a CA that only copies the name of Fernhill's root", hidden=True)
def untrusted_ca(run):
    _impostor(run, "untrusted-ca", "a server whose certificate comes from an attacker's CA named exactly "
              "like the Fernhill root", "Names are not proof: only a signature made with the trusted CA's key "
              "counts.")


@attack("not-yet-valid", "A Fernhill certificate for the service's name that is not valid yet", hidden=True)
def not_yet_valid(run):
    _impostor(run, "not-yet-valid", "a server using a certificate whose validity starts in the future",
              "Both validity dates are part of the verification.")


@attack("cn-not-in-san", "The service's name in the certificate's common name only", hidden=True)
def cn_not_in_san(run):
    _impostor(run, "cn-not-in-san", "a server whose Fernhill certificate has the service's name only in its "
              "subject's common name (CN), while its subject alternative names list a till device",
              "When a certificate has subject alternative names, they alone say which names it is for; the "
              "CN is free text in many CAs' enrolment forms. ssl's check_hostname gets this right; a "
              "hand-written comparison of the CN does not.")


@attack("leaf-as-ca", "A certificate signed by another server's certificate", hidden=True)
def leaf_as_ca(run):
    _impostor(run, "leaf-as-ca", "a server whose certificate was signed with the key of another server's "
              "genuine certificate (one that is not a CA)",
              "A chain is only valid when every issuer is a CA (basic constraints); checking signatures "
              "alone is not enough.")


@attack("relay-then-impostor", "An attacker who relays the first connection and answers the next", hidden=True)
def relay_then_impostor(run):
    _impostor(run, "relay-then-impostor", "a relay", "")


BENCH_MARKERS = ("tlsbench", "_servers", "intercepts(")


@attack("no-test-bench", "fetch_prices() decides by the certificate, not by looking at the checker")
def no_test_bench(run):
    source = (run.target.read_file("app/pricefeed.py") or b"").decode("utf-8", "replace")
    found = [marker for marker in BENCH_MARKERS if marker in source]
    if found:
        fail(f"app/pricefeed.py refers to the checker's test bench ({found[0]!r}). The bench only exists while "
             "`pysec check` runs; in a store there is no such module, so a till that decides whom to trust by "
             "looking at it trusts everybody. Decide by the certificate: let the ssl module verify it against "
             "service[\"ca_file\"] and the host name.")
