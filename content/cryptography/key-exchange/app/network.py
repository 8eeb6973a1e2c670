"""The wire between a meter and the head-end, one step per function.

A meter reaches the head-end over the neighbourhood's radio mesh and a cellular backhaul:
every message passes through boxes the utility does not control. In this lab both ends run
in one program and each function below is one hop of a session, so whoever sits on the wire
decides what goes into the next call:

    hello = meter_hello()                 # the meter starts a session
    reply = headend_accept(hello)         # the head-end answers
    meter_finish(reply)                   # the meter completes the handshake
    box = meter_send_reading()            # the meter's encrypted reading
    ack = headend_deliver(box)            # the head-end decrypts, records it, replies

new_meter() and new_headend() make the two ends with their provisioned keys.
"""

import json
from pathlib import Path

from app.identity import load_private, load_public
from app.meterlink import HeadEnd, Meter

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "meter.json"
LEDGER = ROOT / "data" / "headend.log"

_session = {}


def new_meter():
    return Meter(load_private("meter.key"), load_public("headend.pub"))


def new_headend():
    return HeadEnd(load_private("headend.key"), load_public("meter.pub"))


def meter_hello():
    _session.clear()
    _session["meter"] = new_meter()
    return _session["meter"].hello()


def headend_accept(hello):
    _session["headend"] = new_headend()
    return _session["headend"].accept(hello)


def meter_finish(reply):
    _session["meter"].finish(reply)
    return "handshake complete"


def meter_send_reading():
    """The meter's half-hourly report, with the API token that proves which meter it is."""
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    report = {"serial": config["serial"], "token": config["token"], "kwh": config["kwh"]}
    return _session["meter"].seal(json.dumps(report).encode("utf-8"))


def headend_deliver(box):
    """The head-end's side: decrypt, record the reading for billing, acknowledge."""
    report = json.loads(_session["headend"].open(box))
    LEDGER.parent.mkdir(exist_ok=True)
    with open(LEDGER, "a", encoding="utf-8") as ledger:
        ledger.write(json.dumps(report) + "\n")
    return _session["headend"].seal(f"ok {report['serial']} {report['kwh']}".encode("utf-8"))
