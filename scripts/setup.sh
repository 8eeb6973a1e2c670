#!/usr/bin/env bash
# pysec set-up: installs what is missing, and only that. Safe to run again.
#   - npm packages (from package-lock.json), which include a real Node 24 for npm scripts;
#   - bubblewrap (the sandbox), python3-venv and python3-seccomp (libseccomp for the system
#     Python, which writes the sandbox's seccomp filter): via apt when root, else the exact command;
#   - the lab Python: a venv at .venv (or $PYSEC_VENV) from python/requirements.txt,
#     pinned with hashes; $PYSEC_PYTHON chooses the interpreter (CPython >= 3.11);
#   - the seccomp filter <venv>/pysec-seccomp.bpf (python/tools/make_seccomp.py), rewritten
#     when the generator or libseccomp changes;
#   - with --tests: Debian's chromium too, for the browser tests;
#   - the web app's build (packages/web/dist), when its sources changed.
set -euo pipefail
for_tests=0
[ "${1:-}" = "--tests" ] && for_tests=1
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'pysec setup: %s\n' "$*" >&2; }
die() { printf '\npysec setup: %s\n' "$*" >&2; exit 1; }

# 1. npm packages. A stamp beside node_modules records which lockfile they came from.
lock_sum=$(sha256sum package-lock.json package.json packages/*/package.json | sha256sum | cut -c1-16)
if [ ! -x node_modules/.bin/node ] || [ "$(cat node_modules/.pysec-stamp 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages (first run: about a minute)…"
  npm ci --no-audit --no-fund --loglevel=error >&2 || die "npm ci failed (see above). Check your network access to the npm registry, then run: npm run setup"
  echo "$lock_sum" > node_modules/.pysec-stamp
fi

# 2. System packages.
missing_apt=()
command -v bwrap >/dev/null 2>&1 || missing_apt+=(bubblewrap)
# The venv cannot see Debian's binding, so the filter is written with the system Python.
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import seccomp' >/dev/null 2>&1 || missing_apt+=(python3-seccomp)
pybin=${PYSEC_PYTHON:-}
if [ -z "$pybin" ]; then
  for cand in /usr/bin/python3 /usr/local/bin/python3; do
    if [ -x "$cand" ]; then pybin=$cand; break; fi
  done
fi
[ -n "$pybin" ] || missing_apt+=(python3 python3-venv)
if [ "$for_tests" = 1 ] && [ ! -x /usr/bin/chromium ]; then missing_apt+=(chromium); fi
if [ -n "$pybin" ] && ! "$pybin" -c 'import ensurepip, venv' >/dev/null 2>&1; then missing_apt+=(python3-venv); fi
if [ ${#missing_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing_apt[*]} with apt…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing_apt[@]}" >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing_apt[@]}" >&2; } \
      || die "apt-get could not install ${missing_apt[*]}."
    [ -n "$pybin" ] || pybin=/usr/bin/python3
  else
    die "pysec needs ${missing_apt[*]}. Run:
    sudo apt-get install -y ${missing_apt[*]}
then run this command again."
  fi
fi
"$pybin" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "$pybin is $("$pybin" -V 2>&1); the labs need CPython 3.11 or newer. Set PYSEC_PYTHON=/path/to/python3.11+"

# 3. The lab venv, rebuilt when the requirements or the interpreter change.
venv=${PYSEC_VENV:-$root/.venv}
req_sum=$( (sha256sum python/requirements.txt; "$pybin" -VV) | sha256sum | cut -c1-16)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.pysec-stamp" 2>/dev/null)" != "$req_sum" ]; then
  say "creating the lab Python environment in $venv (pinned, hash-checked libraries)…"
  rm -rf "$venv"
  "$pybin" -m venv "$venv" >&2 || die "could not create a venv with $pybin (is python3-venv installed?)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --require-hashes --no-deps --only-binary=:all: -r python/requirements.txt >&2 \
    || die "pip could not install python/requirements.txt (see above). Check access to PyPI, then run: npm run setup"
  echo "$req_sum" > "$venv/.pysec-stamp"
fi
# pysec's own Python libraries and the labs are compiled once here: sandboxes mount them
# read-only (or get copies with the same timestamps), so no check compiles them again.
"$venv/bin/python" -m compileall -q -j 0 python content >/dev/null 2>&1 || true

# 3b. The seccomp filter the sandbox loads (bwrap --seccomp). Without it sandboxes still run,
# and `pysec doctor` says the filter is missing.
seccomp_out=$venv/pysec-seccomp.bpf
seccomp_sum=$( (sha256sum python/tools/make_seccomp.py; dpkg-query -W -f='${Version}' python3-seccomp libseccomp2 2>/dev/null || true) | sha256sum | cut -c1-16)
if [ ! -s "$seccomp_out" ] || [ "$(cat "$venv/.pysec-seccomp-stamp" 2>/dev/null)" != "$seccomp_sum" ]; then
  if /usr/bin/python3 python/tools/make_seccomp.py "$seccomp_out" >&2; then
    echo "$seccomp_sum" > "$venv/.pysec-seccomp-stamp"
  else
    rm -f "$seccomp_out"
    say "WARNING: could not write the seccomp filter; sandboxes run without it (see pysec doctor)."
  fi
fi

# 4. The web app, built when its sources are newer than the last build.
if [ -f packages/web/index.html ]; then
  web_sum=$(find packages/web -path packages/web/dist -prune -o -path packages/web/node_modules -prune -o -type f -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  if [ ! -f packages/web/dist/index.html ] || [ "$(cat packages/web/dist/.pysec-stamp 2>/dev/null)" != "$web_sum" ]; then
    say "building the web app…"
    (cd packages/web && ../../node_modules/.bin/vite build --logLevel error >&2) || die "the web app did not build (see above)."
    echo "$web_sum" > packages/web/dist/.pysec-stamp
  fi
fi

# 5. The sandbox: bubblewrap needs user namespaces.
if command -v bwrap >/dev/null 2>&1 && ! bwrap --unshare-all --ro-bind /usr /usr --symlink usr/lib /lib --symlink usr/lib64 /lib64 /usr/bin/true >/dev/null 2>&1; then
  say "WARNING: bubblewrap is installed but cannot start a sandbox here (user namespaces disabled?)."
  say "         Learner code will run UNSANDBOXED. On Debian: sysctl -w kernel.unprivileged_userns_clone=1"
fi

# 6. As root, each sandboxed process runs as its own unprivileged uid, and bubblewrap opens
#    the lab Python and pysec's Python libraries as that uid: every folder above them must
#    let others pass through (o+x: enter, not list). A clone in a private folder (mktemp -d,
#    /root) would otherwise fail every check with "Can't find source path … Permission denied".
if [ "$(id -u)" = 0 ]; then
  for target in "$venv" "$root/python"; do
    d=$(dirname "$(readlink -f "$target")")
    while [ "$d" != / ]; do
      perm=$(stat -c %a "$d")
      if (( (8#${perm: -1} & 1) == 0 )); then
        chmod o+x "$d" || die "sandbox users cannot pass through $d, and chmod o+x failed. Run: chmod o+x $d"
        say "let sandbox users pass through $d (chmod o+x: enter, not list)"
      fi
      d=$(dirname "$d")
    done
  done
fi
