"""Writes the seccomp filter pysec's sandboxes run under (a BPF program for `bwrap --seccomp`).

Run by scripts/setup.sh with the *system* Python, because libseccomp's binding is Debian's
`python3-seccomp` package and the lab venv cannot see it:

    /usr/bin/python3 python/tools/make_seccomp.py OUT.bpf

Default: allow. The system calls below fail with EPERM instead: debugging and reading other
processes, kernel keyrings, eBPF, perf, io_uring, userfaultfd, modules, kexec, mounts and
namespaces, swap, reboot, clock setting, and other rarely needed kernel attack surface.
None of them is needed by Python, sqlite3, subprocess, threads or the lab libraries.
System calls of a foreign architecture (e.g. 32-bit int 0x80 on x86-64) kill the process.
"""

import errno
import os
import sys

import seccomp

DENIED = [
    # other processes' memory and debugging
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    # kernel keyrings
    "keyctl",
    "add_key",
    "request_key",
    # eBPF, perf, io_uring, userfaultfd: large, often-exploited kernel surfaces
    "bpf",
    "perf_event_open",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "userfaultfd",
    # kernel code
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    # mounts and namespaces (new user namespaces are already refused by bwrap --disable-userns)
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "move_mount",
    "open_tree",
    "mount_setattr",
    "unshare",
    "setns",
    "open_by_handle_at",
    "name_to_handle_at",
    # machine administration
    "swapon",
    "swapoff",
    "reboot",
    "acct",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "quotactl",
    "quotactl_fd",
    "lookup_dcookie",
    "syslog",
    "fanotify_init",
    "iopl",
    "ioperm",
    "modify_ldt",
    "personality",
    "uselib",
    "vhangup",
]


def build() -> seccomp.SyscallFilter:
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED:
        try:
            f.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError) as err:
            # a name this architecture does not have (e.g. iopl on arm64)
            print(f"make_seccomp: skipping {name}: {err}", file=sys.stderr)
    return f


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: make_seccomp.py OUT.bpf", file=sys.stderr)
        return 2
    out = sys.argv[1]
    tmp = f"{out}.tmp{os.getpid()}"
    with open(tmp, "wb") as fh:
        build().export_bpf(fh)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
