#!/usr/bin/env bash
# Installs what the end-to-end tests in a real VS Code need: Debian's Chromium, ripgrep and the
# build deps of code-server's native modules (apt), and code-server 4.100.3 (= VS Code 1.100.3, the
# last line that runs on Node 20) built into a cache directory OUTSIDE the repo, so a second run is
# instant and a clean clone does not carry 300 MB.
#
# Why not `npm install code-server`: its postinstall downloads ripgrep from GitHub and fails
# offline. The sequence below installs without scripts, rebuilds the native modules from the
# registry tarballs and puts the system's rg where VS Code looks for it.
#
# Prints the code-server entry point on its last line. Idempotent: a finished build is marked by
# a stamp file and reused.
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT="${RETAIL_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/retail-pipeline-e2e}"
DEST="$CACHE_ROOT/code-server-$VERSION"
STAMP="$DEST/.complete"

log() { echo "[e2e-setup] $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

# --- system packages (only when missing; apt-get update first so a fresh image finds them) ---
missing=()
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
command -v pkg-config >/dev/null || missing+=(pkg-config)
[ -e /usr/include/gssapi/gssapi.h ] || dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

# --- code-server, cached ---
if [ ! -f "$STAMP" ]; then
  log "building code-server $VERSION into $DEST (a few minutes, once)"
  work="$(mktemp -d "$CACHE_ROOT.tmp.XXXXXX" 2>/dev/null || { mkdir -p "$CACHE_ROOT"; mktemp -d "$CACHE_ROOT.tmp.XXXXXX"; })"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$CACHE_ROOT"
  (
    cd "$work"
    npm pack --silent "code-server@$VERSION" >&2
    tar xzf "code-server-$VERSION.tgz"
    cd package/lib/vscode
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2
    npm_config_yes=true npm rebuild --loglevel=error node-pty @parcel/watcher @vscode/spdlog \
      native-watchdog kerberos @vscode/deviceid >&2
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    ln -sfn node_modules node_modules.asar
    cd ../..
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2
    npm_config_yes=true npm rebuild --loglevel=error argon2 >&2
  )
  rm -rf "$DEST"
  mv "$work/package" "$DEST"
  touch "$STAMP"
  rm -rf "$work"
  trap - EXIT
  log "code-server ready"
fi

echo "$DEST/out/node/entry.js"
