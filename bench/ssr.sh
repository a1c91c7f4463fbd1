#!/usr/bin/env bash
# SSR throughput and memory of the release server, on loopback only.
#
#   bench/ssr.sh            builds the release site and server, starts a throwaway
#                           embedded PostgreSQL, and loads /, /healthz and a 404
#                           with wrk (2 threads, 32 connections, 10 s each).
#
# Needs `wrk` (Debian package). Results go to stdout; docs/PERFORMANCE.md keeps
# the numbers measured on the project's 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo xtask build >/dev/null
data=$(mktemp -d /tmp/sparkle-bench-XXXXXX)
chmod 755 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SPARKLE_DATA_DIR="$data" SPARKLE_PORT="$port" SPARKLE_SITE_ROOT="$CARGO_TARGET_DIR/site" \
  SPARKLE_SEED_DEMO_DATA=true SPARKLE_LOG=warn SPARKLE_DB_MAX_CONNECTIONS=16 \
  "$CARGO_TARGET_DIR/release/sparkle-server" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }
echo "server RSS after start: $(rss)"
for path in / /healthz /no-such-page; do
  echo "== GET $path"
  wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
echo "server RSS after load: $(rss)"
