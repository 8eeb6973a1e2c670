"""Evidence collection: what the code under test did, as seen from inside its process.

- PEP 578 audit hooks record processes spawned, files opened, sockets connected, code
  compiled and SQLite connections made;
- sqlite3.connect is replaced (before learner code is imported) by one that returns
  connections recording each statement's text and parameters separately, which is what
  tells a parameterised query from an escaped string: SQLite's own trace callback only
  shows the statement with the values already expanded into it.
"""

import sqlite3
import sys
import time

MAX_EVENTS = 2000
MAX_TEXT = 4000

_events = []
_dropped = 0
_recording = False


def _short(value):
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _env(env):
    """A child's environment as given to Popen: None when it inherits ours."""
    if env is None:
        return None
    try:
        items = list(env.items())[:64]
    except Exception:
        return _short(env)
    return {_short(str(k)): _short(str(v)) for k, v in items}


def record(event, **fields):
    global _dropped
    if not _recording:
        return
    if len(_events) >= MAX_EVENTS:
        _dropped += 1
        return
    fields["event"] = event
    fields["t"] = time.monotonic()
    _events.append(fields)


def take(clear=True):
    global _dropped
    out = list(_events)
    if _dropped:
        out.append({"event": "evidence.dropped", "count": _dropped})
    if clear:
        _events.clear()
        _dropped = 0
    return out


def start_recording():
    global _recording
    _recording = True


def _params(params):
    if params is None:
        return []
    if isinstance(params, dict):
        return {str(k): _short(v) if isinstance(v, str) else v for k, v in params.items()}
    try:
        return [v if isinstance(v, (int, float, type(None))) else _short(v) for v in params]
    except TypeError:
        return _short(params)


class RecordingCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):
        record("sqlite3.execute", sql=_short(sql), params=_params(parameters))
        return super().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        record("sqlite3.executemany", sql=_short(sql))
        return super().executemany(sql, seq_of_parameters)

    def executescript(self, script, /):
        record("sqlite3.executescript", sql=_short(script))
        return super().executescript(script)


class RecordingConnection(sqlite3.Connection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The expanded SQL of every statement, whichever API sent it (even
        # sqlite3.Connection.execute(conn, ...), which goes around the methods below). The
        # audit hook's attempt on "sqlite3.connect/handle" comes too early on 3.11.
        self.set_trace_callback(_trace)

    def cursor(self, factory=RecordingCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, script, /):
        return self.cursor().executescript(script)


_real_connect = sqlite3.connect


def _recording_connect(database, *args, **kwargs):
    if "factory" not in kwargs and len(args) < 5:
        kwargs["factory"] = RecordingConnection
    return _real_connect(database, *args, **kwargs)


def _trace(sql):
    record("sqlite3.trace", sql=_short(sql))


def _audit(event, args):
    if not _recording:
        return
    if event == "open":
        path, mode = args[0], args[1]
        if isinstance(path, int):
            return
        record("open", path=_short(str(path)), mode=str(mode))
    elif event == "subprocess.Popen":
        record("subprocess.Popen", executable=_short(str(args[0])), args=_short(args[1]),
               cwd=None if args[2] is None else _short(str(args[2])), env=_env(args[3]))
    elif event in ("os.system", "os.exec", "os.posix_spawn", "os.spawn"):
        record(event, args=_short(args))
    elif event in ("socket.connect", "socket.bind", "socket.sendto"):
        record(event, address=_short(args[1]))
    elif event == "sqlite3.connect":
        record("sqlite3.connect", database=_short(str(args[0])))
    elif event == "sqlite3.connect/handle":
        try:
            args[0].set_trace_callback(_trace)
        except Exception:
            pass
    elif event == "compile":
        source = args[0]
        if isinstance(source, (str, bytes)):
            record("compile", source=_short(source if isinstance(source, str) else source.decode("latin-1")))
    elif event in ("ctypes.dlopen", "import"):
        if event == "ctypes.dlopen":
            record(event, name=_short(args[0]))


def install():
    sqlite3.connect = _recording_connect
    sqlite3.dbapi2.connect = _recording_connect
    sys.addaudithook(_audit)
