"""pysec's process starter: `python -I -S pysec_spawner <socket-path>`, run on the host by the engine.

Why it exists: Node starts a child by fork()ing its own process, whose page tables grow with
the engine's memory (about 2 ms of the event loop and 2 ms more in the child per start at
130 MB, measured; each check starts four or five sandboxes). This small process forks
instead, and also does in the child what used to take extra programs or extra steps: it
sets the resource limits (no `prlimit` exec), joins the process tree's cgroups *before*
exec (no window in which the tree runs outside its memory cap), drops to the slot uid and
hands the seccomp filter to bubblewrap at its fixed descriptor.

Channels:
- stdin/stdout: JSON lines with the engine. Requests: {"op": "spawn", "id", "argv", "env",
  "cwd", "uid", "rlimits": [[name, soft, hard]], "fds", "seccomp": [path, fd],
  "cgroups": [dir], "nice"}. Events: {"op": "spawned", "id", "pid"}, {"op": "failed", "id",
  "error"}, {"op": "exit", "id", "code", "signal"}.
- <socket-path>, in a folder only the engine's user can enter: for a spawn with "fds": n,
  the engine opens n connections, each starting with a 16-byte preface "<id> <index>"; the
  connection becomes the child's descriptor <index> (0: stdin, 1: stdout, 2: stderr, 3+).
  Connections from any other uid are refused.

When stdin ends (the engine is gone, however it ended), every child's process group is
killed and this process exits: nothing outlives the engine. It is a child subreaper: the
orphans of its children come to it, and it reaps them.
"""

import fcntl
import json
import os
import resource
import selectors
import signal
import socket
import struct
import sys

PREFACE = 16
IGNORED = (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT)
RLIMITS = {
    "cpu": resource.RLIMIT_CPU,
    "as": resource.RLIMIT_AS,
    "nproc": resource.RLIMIT_NPROC,
    "fsize": resource.RLIMIT_FSIZE,
    "nofile": resource.RLIMIT_NOFILE,
    "core": resource.RLIMIT_CORE,
    "memlock": resource.RLIMIT_MEMLOCK,
}


class Spawner:
    def __init__(self, path):
        self.sel = selectors.DefaultSelector()
        self.out = os.fdopen(1, "wb", buffering=0)
        self.pending = {}  # id -> request waiting for its connections
        self.conns = {}  # id -> {index: socket}
        self.children = {}  # pid -> id
        self.errpipes = {}  # read fd -> (id, pid)
        self.uid = os.getuid()
        self.buf = b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # Bound under another name, then renamed: the engine connects as soon as the path exists.
        self.server.bind(path + ".new")
        self.server.listen(256)
        os.rename(path + ".new", path)
        self.server.setblocking(False)
        self.sel.register(self.server, selectors.EVENT_READ, "accept")
        os.set_blocking(0, False)
        self.sel.register(0, selectors.EVENT_READ, "control")
        rsig, wsig = os.pipe()
        os.set_blocking(rsig, False)
        os.set_blocking(wsig, False)
        signal.set_wakeup_fd(wsig)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.sel.register(rsig, selectors.EVENT_READ, "signal")
        self.rsig = rsig

    def send(self, message):
        data = (json.dumps(message, separators=(",", ":")) + "\n").encode()
        os.set_blocking(1, True)
        self.out.write(data)

    def run(self):
        self.send({"op": "ready", "pid": os.getpid()})
        while True:
            for key, _ in self.sel.select():
                what = key.data
                if what == "accept":
                    self.accept()
                elif what == "control":
                    if not self.control():
                        self.shutdown()
                        return
                elif what == "signal":
                    try:
                        os.read(self.rsig, 4096)
                    except BlockingIOError:
                        pass
                    self.reap()
                elif isinstance(what, tuple) and what[0] == "preface":
                    self.preface(key.fileobj)
                elif isinstance(what, tuple) and what[0] == "errpipe":
                    self.exec_error(key.fd)

    def accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except BlockingIOError:
                return
            creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            _pid, uid, _gid = struct.unpack("3i", creds)
            if uid != self.uid:
                conn.close()
                continue
            conn.setblocking(False)
            self.sel.register(conn, selectors.EVENT_READ, ("preface", b""))

    def preface(self, conn):
        key = self.sel.get_key(conn)
        got = key.data[1]
        try:
            # Exactly the preface: whatever follows is the child's input and stays queued.
            more = conn.recv(PREFACE - len(got))
        except BlockingIOError:
            return
        except OSError:
            more = b""
        if not more:
            self.sel.unregister(conn)
            conn.close()
            return
        got += more
        if len(got) < PREFACE:
            self.sel.modify(conn, selectors.EVENT_READ, ("preface", got))
            return
        self.sel.unregister(conn)
        conn.setblocking(True)
        try:
            ident, index = (int(x) for x in got.decode("ascii").split())
        except ValueError:
            conn.close()
            return
        self.conns.setdefault(ident, {})[index] = conn
        self.maybe_start(ident)

    def control(self):
        try:
            chunk = os.read(0, 1 << 16)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        self.buf += chunk
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            req = json.loads(line)
            if req.get("op") == "spawn":
                self.pending[req["id"]] = req
                self.maybe_start(req["id"])
            elif req.get("op") == "cancel":
                self.pending.pop(req["id"], None)
                for conn in self.conns.pop(req["id"], {}).values():
                    conn.close()
        return True

    def maybe_start(self, ident):
        req = self.pending.get(ident)
        conns = self.conns.get(ident, {})
        if req is None or len(conns) < req["fds"]:
            return
        del self.pending[ident]
        del self.conns[ident]
        rerr, werr = os.pipe2(os.O_CLOEXEC)
        try:
            pid = os.fork()
        except OSError as err:
            for conn in conns.values():
                conn.close()
            os.close(rerr)
            os.close(werr)
            self.send({"op": "failed", "id": ident, "error": f"fork failed: {err}"})
            return
        if pid == 0:  # pragma: no cover - the child execs or exits
            os.close(rerr)
            self.child(req, conns, werr)
        os.close(werr)
        for conn in conns.values():
            conn.close()
        self.children[pid] = ident
        self.errpipes[rerr] = (ident, pid)
        self.sel.register(rerr, selectors.EVENT_READ, ("errpipe",))
        self.send({"op": "spawned", "id": ident, "pid": pid})
        self.reap()  # a SIGCHLD may have come before the pid was known

    def child(self, req, conns, werr):
        step = "starting"
        try:
            signal.set_wakeup_fd(-1)
            # Python ignores SIGPIPE and SIGXFSZ and this process ignores SIGINT; an ignored
            # signal stays ignored across exec (handlers do not), so those go back to default
            # (SIGXFSZ is how RLIMIT_FSIZE stops a process).
            for sig in IGNORED:
                signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            step = "joining its cgroups"
            me = str(os.getpid())
            for d in req.get("cgroups") or []:
                with open(os.path.join(d, "cgroup.procs"), "w") as f:
                    f.write(me)
            os.setsid()
            if req.get("nice"):
                os.setpriority(os.PRIO_PROCESS, 0, req["nice"])
            step = "setting resource limits"
            for name, soft, hard in req.get("rlimits") or []:
                resource.setrlimit(RLIMITS[name], (soft, hard))
            # Descriptors: the connections at their indexes, the seccomp filter at its own,
            # nothing else (the error pipe closes itself at exec).
            fds = {index: conn.detach() for index, conn in conns.items()}
            seccomp = req.get("seccomp")
            if seccomp:
                step = "opening the seccomp filter"
                fds[seccomp[1]] = os.open(seccomp[0], os.O_RDONLY)
            high = max(list(fds) + list(fds.values()) + [werr]) + 1
            werr = fcntl.fcntl(werr, fcntl.F_DUPFD_CLOEXEC, high)
            high = werr + 1
            lifted = {index: fcntl.fcntl(fd, fcntl.F_DUPFD, high) for index, fd in fds.items()}
            for index, fd in lifted.items():
                os.dup2(fd, index, inheritable=True)
            keep = sorted(set(lifted) | {werr})
            last = -1
            for fd in keep:
                # Never an empty range: os.closerange(n, n) closes every descriptor on 3.11
                # (it becomes close_range(n, UINT_MAX)).
                if fd > last + 1:
                    os.closerange(last + 1, fd)
                last = fd
            os.closerange(last + 1, 1 << 16)
            if req.get("cwd"):
                step = "entering its folder"
                os.chdir(req["cwd"])
            if req.get("uid") is not None:
                step = "dropping to its uid"
                os.setgroups([])
                os.setgid(req["uid"])
                os.setuid(req["uid"])
            step = "executing " + req["argv"][0]
            os.execve(req["argv"][0], req["argv"], req.get("env") or {})
        except BaseException as err:  # noqa: BLE001 - report anything, then leave
            try:
                os.write(werr, f"{step}: {err}".encode()[:4000])
            finally:
                os._exit(127)

    def exec_error(self, fd):
        ident, _pid = self.errpipes[fd]
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        self.sel.unregister(fd)
        os.close(fd)
        del self.errpipes[fd]
        if data:
            self.send({"op": "failed", "id": ident, "error": data.decode("utf-8", "replace")})

    def reap(self):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            ident = self.children.pop(pid, None)
            if ident is None:
                continue
            for fd, (owner, _p) in list(self.errpipes.items()):
                if owner == ident:
                    self.exec_error(fd)
            if os.WIFSIGNALED(status):
                code, sig = None, signal.Signals(os.WTERMSIG(status)).name
            else:
                code, sig = os.WEXITSTATUS(status), None
            self.send({"op": "exit", "id": ident, "code": code, "signal": sig})

    def shutdown(self):
        for pid in list(self.children):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    """Orphans of our children (a sandbox's inner bubblewrap, once the outer one is killed)
    come to us instead of the host's init, and are reaped at once by the loop: none waits
    as a zombie of a sandbox uid for a reaper that may never look."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux, or no prctl: the host's init reaps them instead


def main():
    # This process has no use for signals the terminal sends to the engine's group.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    become_subreaper()
    Spawner(sys.argv[1]).run()


main()
