#!/usr/bin/env bash
# Make sure the Debian packages named on the command line are installed.
# As root (or with password-less sudo, as on CI runners) it installs the missing ones; otherwise it prints the
# exact command to run and fails.
set -euo pipefail
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "error: this is not a Debian/Ubuntu system; install the equivalents of these Debian packages: $*" >&2
    exit 1
fi
missing=()
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
    run_as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run_as_root() { sudo -n "$@"; }
else
    echo "error: missing Debian packages and no root or sudo to install them; run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
run_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
