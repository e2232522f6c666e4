#!/usr/bin/env bash
# Installs what the editor (e2e) tests need, when it is missing, and says what it did:
#   Debian chromium (the browser playwright-core drives; playwright never downloads one),
#   libkrb5-dev (code-server's kerberos module builds from source here), ripgrep (seeds the
#   download @vscode/ripgrep would otherwise fetch from GitHub),
#   code-server 4.100.3 (= VS Code 1.100.3, the newest code-server on node 20) from the npm
#   registry into a versioned cache OUTSIDE the clone: ${DRYDOCK_E2E_CACHE:-~/.cache/drydock-e2e}.
# Idempotent: a complete install leaves a stamp file, and a run that finds it does nothing.
# Prints the code-server directory on its last line of stdout (test/e2e/harness reads the same path).
# Why each workaround exists: shared/design/e2e-feasibility.md §2 (root, offline GitHub, npx).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# Pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json and @vscode/ripgrep's lib/download.js:
# re-read both when bumping code-server.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

cache="${DRYDOCK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drydock-e2e}"
host="$cache/code-server-$CODE_SERVER_VERSION"
stamp="$host/.installed"
now() { date +%s%N; }
elapsed() { awk -v from="$1" -v to="$(now)" 'BEGIN { printf "%.1f s", (to - from) / 1e9 }'; }
started=$(now)
log() { echo "setup-e2e: $*" >&2; }

missing=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
      log "not root and no passwordless sudo: install ${missing[*]} yourself (apt-get install -y ${missing[*]})"
      exit 1
    fi
  fi
  log "apt-get install ${missing[*]} …"
  t=$(now)
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be missing or stale on a fresh machine: update once, then install.
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "installed ${missing[*]} in $(elapsed "$t")"
else
  log "Debian packages present (chromium, libkrb5-dev, ripgrep)"
fi

if [ -f "$stamp" ] && [ -x "$host/node_modules/.bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION cached in $host"
else
  log "installing code-server $CODE_SERVER_VERSION from the npm registry into $host …"
  t=$(now)
  rm -rf "$host"
  mkdir -p "$host/tmp" "$host/xdg/config" "$host/xdg/data"
  # A private TMPDIR, so the ripgrep download cache we seed is the one its post-install reads.
  export TMPDIR="$host/tmp"
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  tar czf "$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION/$RIPGREP_ASSET" -C /usr/bin rg
  echo '{"name":"drydock-e2e-host","private":true}' > "$host/package.json"
  # code-server's post-install refuses root without npm_config_unsafe_perm; node-pty's runs
  # `npx node-gyp`, which this machine's npm config (`yes = false`) would cancel.
  ( cd "$host" && npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >"$host/install.log" 2>&1 ) || {
    log "npm install code-server failed; the last lines of $host/install.log:"
    tail -n 30 "$host/install.log" >&2
    exit 1
  }
  # Without --config and XDG dirs code-server writes ~/.config/code-server/config.yaml even for --version.
  version=$(XDG_CONFIG_HOME="$host/xdg/config" XDG_DATA_HOME="$host/xdg/data" "$host/node_modules/.bin/code-server" --config /dev/null --version 2>/dev/null | head -n 1)
  case "$version" in
    "$CODE_SERVER_VERSION "*) ;;
    *) log "code-server --version printed '$version', expected $CODE_SERVER_VERSION"; exit 1 ;;
  esac
  rm -rf "$TMPDIR"
  echo "$version" > "$stamp"
  log "code-server $version installed in $(elapsed "$t")"
fi
log "done in $(elapsed "$started")"
echo "$host"
