"""The scanner at the depot gate, and the office desk that registers badges.

scan() is what the gate calls for every QR code held up to it. Its answer is shown on the
gate's display, so anyone standing at the gate can read it.
"""

import json
from pathlib import Path

from app import passes

REGISTRY = Path("data/badges.json")


def _registry():
    if not REGISTRY.exists():
        return {}
    return json.loads(REGISTRY.read_text(encoding="utf-8"))


def register(badge, holder, zone, pin):
    """Office desk: records a badge holder and prints their pass (returns the token)."""
    registry = _registry()
    registry[badge] = {"holder": holder, "zone": zone}
    REGISTRY.parent.mkdir(parents=True, exist_ok=True)
    REGISTRY.write_text(json.dumps(registry, ensure_ascii=False), encoding="utf-8")
    return passes.issue_pass({"badge": badge, "zone": zone, "pin": pin})


def revoke(badge):
    """Office desk: a lost or returned badge stops opening the gate."""
    registry = _registry()
    registry.pop(badge, None)
    REGISTRY.write_text(json.dumps(registry, ensure_ascii=False), encoding="utf-8")


def scan(token):
    """Gate: reads a pass and answers with the text shown on the gate's display."""
    try:
        fields = passes.read_pass(token)
    except passes.BadPadding:
        return "REJECTED: pass is damaged"
    except passes.BadPass:
        return "REJECTED: pass cannot be read"
    badge = fields.get("badge", "")
    entry = _registry().get(badge)
    if entry is None:
        return "REJECTED: unknown badge"
    return f"OPEN: welcome, {entry['holder']} ({badge}, {entry['zone']})"


if __name__ == "__main__":
    # A demo at the office desk: python -m app.gate
    token = register("V-1042", "Ines Duarte", "cold store", "4417-0093")
    print("pass token:", token)
    print("gate says: ", scan(token))
    print("not a pass:", scan("hello"))
