"""Where the till finds the head-office price service: config/tillsync.json."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "tillsync.json"


def load(path=CONFIG):
    """The store's settings, with the price service as a dict fetch_prices() understands.

    Paths in the file are relative to the till folder. The API key lives in its own file,
    readable only by the till user, so the config can be shared with the helpdesk.
    """
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    svc = raw["price_service"]
    service = {
        "host": svc["host"],
        "port": int(svc["port"]),
        "ca_file": str(ROOT / svc["ca_file"]),
        "api_key": (ROOT / svc["api_key_file"]).read_text(encoding="ascii").strip(),
    }
    return {"store": raw["store"], "categories": list(raw["categories"]), "service": service}
