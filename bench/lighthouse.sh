#!/usr/bin/env bash
# Lighthouse (mobile, default throttling) on the release build with the demo
# data, in Debian's Chromium, on loopback only.
#
#   bench/lighthouse.sh              builds the release site and server, starts them
#                                    with a throwaway embedded PostgreSQL and the demo
#                                    data, and prints one row per page:
#                                    Performance, Accessibility, Best Practices, SEO,
#                                    Total Blocking Time, CLS, LCP and the WASM fetched.
#   bench/lighthouse.sh URL          the same against a server already running at URL.
#
# Needs Node.js/npm (Lighthouse is installed from bench/lighthouse/package-lock.json
# into the target directory) and Debian's chromium. The JSON reports are kept in
# $CARGO_TARGET_DIR/lighthouse/. docs/PERFORMANCE.md keeps the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "install chromium: apt-get install -y chromium" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
tools="$CARGO_TARGET_DIR/tools/lighthouse"
if ! cmp -s bench/lighthouse/package-lock.json "$tools/package-lock.json" 2>/dev/null \
  || [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools"
  cp bench/lighthouse/package.json bench/lighthouse/package-lock.json "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ $# -ge 1 ]; then
  base=$1
else
  cargo xtask build >/dev/null
  data=$(mktemp -d /tmp/sparkle-lighthouse-XXXXXX)
  chmod 755 "$data"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  SPARKLE_DATA_DIR="$data" SPARKLE_PORT="$port" SPARKLE_PUBLIC_URL="$base" \
    SPARKLE_SITE_ROOT="$CARGO_TARGET_DIR/site" SPARKLE_SEED_DEMO_DATA=true SPARKLE_LOG=warn \
    "$CARGO_TARGET_DIR/release/sparkle-server" &
  server=$!
  trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
  for _ in $(seq 300); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
fi

# A post with a conversation, and a creator's profile, from the demo data.
post=$(curl -fs "$base/latest" | grep -o 'href="/p/[^"]*"' | head -1 | sed 's/href="//; s/"$//')
[ -n "$post" ] || { echo "no post found on /latest" >&2; exit 1; }
out="$CARGO_TARGET_DIR/lighthouse"
mkdir -p "$out"
printf '%-28s %5s %5s %5s %5s %8s %6s %8s %10s\n' page perf a11y bp seo "TBT ms" CLS "LCP ms" "WASM B"
for path in / "$post" /u/creator_cleo /latest; do
  name=$(echo "$path" | tr '/' '_')
  run() {
    CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$base$path" \
      --quiet --output=json --output-path="$out/$name.json" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
      >"$out/$name.log" 2>&1
  }
  # One retry: Chromium's first start on a cold machine sometimes misses Lighthouse's deadline.
  run || run || { echo "lighthouse failed on $path (see $out/$name.log)" >&2; exit 1; }
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const c = (k) => Math.round(r.categories[k].score * 100);
    const a = (k) => r.audits[k].numericValue;
    const wasm = (r.audits["network-requests"].details.items || [])
      .filter((i) => /\.wasm$/.test(new URL(i.url).pathname))
      .reduce((s, i) => s + (i.transferSize || 0), 0);
    const row = [process.argv[2].slice(0, 28).padEnd(28), c("performance"), c("accessibility"), c("best-practices"), c("seo"),
      Math.round(a("total-blocking-time")), a("cumulative-layout-shift").toFixed(3), Math.round(a("largest-contentful-paint")), wasm];
    console.log(row.map((v, i) => (i ? String(v).padStart([0, 5, 5, 5, 5, 8, 6, 8, 10][i]) : v)).join(" "));
  ' "$out/$name.json" "$path"
done
