#!/usr/bin/env bash
# Make sure the project's virtual environment exists and matches requirements.lock.
# Usage: scripts/ensure_venv.sh [--check] PYTHON VENV
#   --check   only check that PYTHON can build the environment (a supported version, with venv and ensurepip);
#             do not install anything.
# PYTHON_GIVEN=1 in the environment means the user chose PYTHON (make ... PYTHON=python3.12): an environment
# built with another Python is then rebuilt.
#
# Bad input stops here with one line on stderr and a non-zero exit, before anything is installed. The environment
# is marked complete (VENV/.installed holds a hash of the lock and the package metadata) only at the very end; an
# incomplete or outdated one is removed and built again from scratch, so a failed or interrupted run never leaves
# something half-installed for the next one.
set -euo pipefail

check_only=0
if [[ ${1:-} == --check ]]; then check_only=1; shift; fi
python=${1:-python3}
venv=${2:-.venv}
cd "$(dirname "$0")/.."

SUPPORTED="the book needs Python 3.11, 3.12 or 3.13"
HINT="pick one with e.g. 'make book PYTHON=python3.12'"
fail() { echo "error: $*" >&2; exit 1; }

# What the environment is built from: the lock, setup.py and pyproject.toml less its [tool.pytest...] tables (test
# settings do not change what is installed).
lock_hash() {
    {
        cat requirements.lock
        if [[ -f setup.py ]]; then cat setup.py; fi
        awk '/^\[/ { skip = ($0 ~ /^\[tool\.pytest/) } !skip' pyproject.toml
    } | sha256sum | cut -d' ' -f1
}
py_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }

want=$(lock_hash)
stamp="$venv/.installed"

# Up to date? Then the chosen Python does not matter, unless the user named one the environment was not built with.
if [[ -f $stamp && -x $venv/bin/python && $(cat "$stamp") == "$want" ]]; then
    if [[ -z ${PYTHON_GIVEN:-} ]]; then exit 0; fi
    if [[ $(py_version "$venv/bin/python") == "$(py_version "$python" || true)" ]]; then exit 0; fi
fi

# --- Checks, before anything is installed ----------------------------------------------------------------------
command -v "$python" >/dev/null 2>&1 || fail "'$python' not found: $SUPPORTED; $HINT"
ver=$(py_version "$python") || fail "'$python' does not run: $SUPPORTED; $HINT"
case $ver in
    3.11 | 3.12 | 3.13) ;;
    *) fail "'$python' is Python $ver, but $SUPPORTED; $HINT" ;;
esac

# Debian and Ubuntu ship venv's pip bootstrap (ensurepip) separately, in pythonX.Y-venv.
has_ensurepip() { "$python" -c 'import venv, ensurepip; ensurepip.version()' >/dev/null 2>&1; }
if ! has_ensurepip; then
    pkg="python$ver-venv"
    can_install=0
    if command -v dpkg-query >/dev/null 2>&1; then
        if [[ $(id -u) -eq 0 ]] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
            can_install=1
        fi
    fi
    if [[ $can_install == 1 ]]; then
        scripts/ensure_debian_packages.sh "$pkg" >&2
        has_ensurepip || fail "'$python' (Python $ver) still has no ensurepip after installing $pkg; $HINT"
    else
        fail "'$python' (Python $ver) cannot create virtual environments (no ensurepip): run 'sudo apt-get install $pkg', or $HINT"
    fi
fi
[[ $check_only == 1 ]] && exit 0

# --- Build -----------------------------------------------------------------------------------------------------
echo "Creating $venv with $python (Python $ver) from requirements.lock (a few minutes the first time)"
rm -rf "$venv"
trap 'rc=$?; if [[ $rc -ne 0 ]]; then rm -rf "$venv"; echo "error: could not build $venv (see above); nothing was kept, run make again" >&2; fi' EXIT
"$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install --quiet -r requirements.lock
# The helper package itself, editable, from the lock's setuptools (nothing fetched outside the lock).
"${pip[@]}" install --quiet --no-deps --no-build-isolation -e .
echo "$want" >"$stamp"
