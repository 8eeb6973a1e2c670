"""pysec test bench for the certificate-validation lab. Not part of the till's program.

The judge copies this file into the program's folder as pysec_tlsbench.py and loads it into
the program's process: the judge's own sandbox cannot reach the program over the network, so
the TLS servers it needs (the real price service and the impostors) run here, in one
background thread, on 127.0.0.1. It also plays the store's DNS: the price service's name
resolves to 127.0.0.1 while the bench is loaded.
"""

import json
import os
import selectors
import socket
import ssl
import tempfile
import threading
import time
from urllib.parse import unquote

READ_LIMIT = 64 * 1024
SERVER_TIMEOUT = 4.0

_names = set()
_servers = {}  # scenario -> {"port", "stages": [{"context", "reply", "api_key"}], "count", "log"}
_lock = threading.Lock()
_selector = None
_intercepts = []
_real_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, port, *args, **kwargs):
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    if isinstance(name, str) and name.lower().rstrip(".") in _names:
        host = "127.0.0.1"
    return _real_getaddrinfo(host, port, *args, **kwargs)


def _read_request(tls):
    data = b""
    while b"\r\n\r\n" not in data and len(data) < READ_LIMIT:
        chunk = tls.recv(4096)
        if not chunk:
            break
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    lines = head.split("\r\n")
    parts = lines[0].split(" ")
    headers = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers[key.strip().lower()] = value.strip()
    path = parts[1] if len(parts) > 1 else ""
    return {"request_line": lines[0], "path": path, "headers": headers, "text": head}


def _answer(stage, request):
    path = request["path"].split("?", 1)[0]
    category = unquote(path.rsplit("/", 1)[-1]) if path.startswith("/v2/prices/") else None
    reply = stage["reply"]
    if category is None:
        return 404, {"error": "no such resource"}
    if stage["api_key"] is not None:  # the real service: only a store's key gets prices
        if request["headers"].get("authorization") != "Bearer " + stage["api_key"]:
            return 401, {"error": "unknown store key"}
        if category not in reply:
            return 404, {"error": "no such category"}
        return 200, reply[category]
    body = dict(reply)  # an impostor answers whatever was asked, with its own prices
    body.setdefault("category", category)
    return 200, body


def _accepted(server, conn):
    # A scenario may change its certificate after the first connection (stages): e.g. a relay
    # that lets the first connection through to the real service and answers the next itself.
    index = min(server["count"], len(server["stages"]) - 1)
    server["count"] += 1
    entry = {"stage": index, "handshake": False, "request": None, "error": None, "done": False}
    server["log"].append(entry)
    # One short-lived thread per connection, so a client that leaves a socket open cannot
    # stall the servers of the next checks.
    try:
        threading.Thread(target=_serve_one, args=(server["stages"][index], conn, entry), daemon=True).start()
    except RuntimeError:  # no thread to spare (process limit): serve it here
        _serve_one(server["stages"][index], conn, entry)


def _serve_one(stage, conn, entry):
    try:
        conn.settimeout(SERVER_TIMEOUT)
        with stage["context"].wrap_socket(conn, server_side=True) as tls:
            entry["handshake"] = True
            request = _read_request(tls)
            entry["request"] = request
            status, body = _answer(stage, request)
            payload = json.dumps(body).encode()
            reason = {200: "OK", 401: "Unauthorized", 404: "Not Found"}[status]
            tls.sendall(f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode() + payload)
            try:  # send close_notify, don't wait for the client's
                tls.setblocking(False)
                tls.unwrap()
            except (OSError, ValueError):
                pass
    except (OSError, ValueError) as exc:
        entry["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
        entry["done"] = True


def _loop():
    while True:
        for key, _ in _selector.select():
            try:
                conn, _ = key.fileobj.accept()
            except OSError:
                continue
            _accepted(key.data, conn)


def _context(chain_file, key_file):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain_file, key_file)
    return context


def _listen(scenario, stages):
    global _selector
    if _selector is None:
        _selector = selectors.DefaultSelector()
        threading.Thread(target=_loop, name="pysec-tlsbench", daemon=True).start()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    server = {"port": sock.getsockname()[1], "count": 0, "log": [],
              "stages": [{"context": _context(s["chain"], s["key"]), "reply": s["reply"],
                          "api_key": s.get("api_key")} for s in stages]}
    _servers[scenario] = server
    _selector.register(sock, selectors.EVENT_READ, server)
    return server


def ensure(names, scenarios):
    """Start the servers not yet running (e.g. after a restart); return {scenario: port}.

    scenarios: {name: [stage, ...]}, stage = {"chain": pem path, "key": pem path, "reply": ...,
    "api_key": the store key the real service wants, or None for an impostor}; connection n
    gets stage n (the last one from then on).
    """
    with _lock:
        _names.update(n.lower() for n in names)
        socket.getaddrinfo = _getaddrinfo
        for name, spec in scenarios.items():
            if name not in _servers:
                _listen(name, spec)
        return {name: _servers[name]["port"] for name in scenarios}


def seen(scenario):
    """What the scenario's server saw since the last call: one entry per connection."""
    log = _servers[scenario]["log"] if scenario in _servers else []
    deadline = time.monotonic() + 1.5
    while any(not e["done"] for e in log) and time.monotonic() < deadline:
        time.sleep(0.005)  # let the server finish reading what the client sent
    out = list(log)
    del log[: len(out)]
    return out


def intercept(cert_pem, key_pem, price_list):
    """Exploit step: serve cert_pem/key_pem as the price service and let the till sync once.

    Answers the till's request with price_list (a dict, sent as JSON). Returns what the till
    sent ("request") and what it made of the answer ("till_result" or "till_error").
    """
    from app import settings
    from app.pricefeed import fetch_prices

    config = settings.load()
    service = dict(config["service"])
    folder = tempfile.mkdtemp(prefix="impostor-")
    chain_file, key_file = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    for path, pem in ((chain_file, cert_pem), (key_file, key_pem)):
        with open(path, "w" if isinstance(pem, str) else "wb") as f:
            f.write(pem)
    if not isinstance(price_list, dict):
        raise TypeError("price_list must be a dict (it is sent as JSON)")
    name = f"impostor-{len(_intercepts)}"
    with _lock:
        _names.add(service["host"].lower())
        socket.getaddrinfo = _getaddrinfo
        server = _listen(name, [{"chain": chain_file, "key": key_file, "reply": price_list}])
    service["port"] = server["port"]
    outcome = {"category": config["categories"][0]}
    try:
        outcome["till_result"] = fetch_prices(service, config["categories"][0])
    except Exception as exc:  # the till's own error, shown to the attacker as it would be logged
        outcome["till_error"] = f"{type(exc).__name__}: {exc}"
    log = seen(name)
    requests = [e["request"]["text"] for e in log if e["request"]]
    outcome["request"] = requests[-1] if requests else None
    _intercepts.append(outcome)
    return outcome


def intercepts():
    """Every intercept() outcome so far (the judge reads these)."""
    return list(_intercepts)
