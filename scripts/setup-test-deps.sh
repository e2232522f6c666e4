#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as real parts, when they are missing:
#   docker-registry (a real OCI registry on loopback), skopeo (pushes fixture images to it),
#   apache2-utils (htpasswd for the basic-auth registry), openssl (the token registry's key pair),
#   dpkg (the version-comparison oracle; always present on Debian), distro-info-data (EOL data source).
# Idempotent and quiet when everything is there. Needs root (CI runs as root) or passwordless sudo.
set -euo pipefail
missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -f /usr/share/distro-info/debian.csv ] || missing+=(distro-info-data)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "setup-test-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "setup-test-deps: not root and no passwordless sudo; install ${missing[*]} yourself (apt-get install -y ${missing[*]})" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing on a fresh machine; update once, then install.
$SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
}
