# Shared by the benchmark scripts (sourced): a PostgreSQL cluster of their
# own in $SPARKLE_BENCH_DIR (default /var/tmp/sparkle-bench), started once
# and run by the unprivileged `postgres` user when this runs as root, and
# small helpers around it.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "install PostgreSQL: apt-get install -y postgresql" >&2; exit 1; }
dir=${SPARKLE_BENCH_DIR:-/var/tmp/sparkle-bench}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_pg "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
fi
# A server sized for the machine (24 GiB): a quarter of it for shared buffers.
# auto_explain is loaded but silent until a connection asks for it.
if ! as_pg "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start -o \
    "-k $dir -c listen_addresses= -c shared_buffers=4GB -c effective_cache_size=16GB \
     -c max_connections=100 -c shared_preload_libraries=auto_explain" >/dev/null
fi
psql_in() { psql -X -q -v ON_ERROR_STOP=1 "postgres://postgres@localhost/$1?host=$dir" "${@:2}"; }
url_of() { echo "postgres://postgres@localhost/$1?host=$dir"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wrk's summary of one address: "requests/s p50 p99 non-2xx"
load() {
  local out rps p50 p99 bad
  out=$(wrk -t2 -c32 -d10s --latency "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "$rps $p50 $p99 ${bad:-0}"
}

check() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$@")
  [ "$status" = 200 ] || { echo "expected 200, got $status: $*" >&2; exit 1; }
}
