#!/usr/bin/env bash
# The read-path benchmark: the post page, the home feed page and the feed
# server function of the release server, each next to the same rows served by
# a bare axum + sqlx handler (bench/ceiling.rs), at 10 k and at 1 M posts.
#
#   bench/read-path.sh                 both sizes (10000 and 1000000 posts)
#   bench/read-path.sh 10000           one size
#
# What it does, for each size:
#   1. Starts (once) a PostgreSQL cluster of its own in $SPARKLE_BENCH_DIR
#      (default /var/tmp/sparkle-bench; about 6 GB at 1 M posts), run by the
#      unprivileged `postgres` user when this runs as root.
#   2. Creates the database `bench_<posts>` unless it is already complete:
#      migrations, then bench/generate.sql (posts/10 people but at least
#      10 000, posts/200 tags but at least 500; a million posts took
#      339 s here), then one member, `bench_reader`, who follows twenty
#      creators and five tags like everyone else.
#   3. Starts the release server and the ceiling on that database, signs the
#      member in, checks every address answers 200, and logs the plan of every
#      query of the loaded pages, /latest and /trending, warm (auto_explain),
#      into $SPARKLE_BENCH_DIR/explain-<posts>.txt.
#   4. Warms every address on both servers (3 s of load each), so both meet
#      PostgreSQL's plan cache in the same state; then loads each address with wrk (2 threads, 32 connections, 10 s) and
#      prints requests/s, p50 and p99, and each app address's throughput as a
#      share of its ceiling (the better of a run before and one after the
#      app's). The table also goes to results-<posts>.txt.
#
# SPARKLE_BENCH_BUILD=0 uses the binaries already built (`cargo xtask build
# --bench`). Needs wrk and PostgreSQL (Debian packages). The load generator shares the
# machine with both servers and the database. docs/PERFORMANCE.md keeps the
# numbers and plans measured on the project's 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
target=$CARGO_TARGET_DIR
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 1000000)
password=bench-reader-password

if [ "${SPARKLE_BENCH_BUILD:-1}" = 1 ]; then
  echo "building the release site, server and ceiling…" >&2
  cargo xtask build --bench >/dev/null
fi
server_bin=$target/release/sparkle-server
ceiling_bin=$target/release/bench-ceiling

# --- PostgreSQL (bench/pg.sh) -----------------------------------------
source bench/pg.sh

app_pid=""
ceiling_pid=""
cleanup() {
  for pid in $app_pid $ceiling_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# --- one size -----------------------------------------------------------
prepare() {
  local posts=$1 db=bench_$1
  local users=$(( posts / 10 > 10000 ? posts / 10 : 10000 ))
  local tags=$(( posts / 200 > 500 ? posts / 200 : 500 ))
  if [ "$(psql_in postgres -tAc "select 1 from pg_database where datname = '$db'")" = 1 ] &&
     [ "$(psql_in "$db" -tAc "select to_regclass('bench_generated') is not null")" = t ]; then
    return
  fi
  echo "generating $db: $users people, $posts posts, $tags tags…" >&2
  psql_in postgres -c "drop database if exists $db" -c "create database $db"
  DATABASE_URL=$(url_of "$db") SPARKLE_LOG=warn "$server_bin" migrate
  local started=$SECONDS
  psql_in "$db" -v users="$users" -v posts="$posts" -v tags="$tags" -f bench/generate.sql
  DATABASE_URL=$(url_of "$db") SPARKLE_LOG=warn SPARKLE_ADMIN_PASSWORD=$password \
    "$server_bin" create-admin --username bench_reader --email bench_reader@example.com
  psql_in "$db" <<'SQL'
update users set role = 'USER' where username = 'bench_reader';
insert into follows (follower_id, following_id)
select r.id, c.id from users r,
  (select id from users where username like 'bench\_%' and role = 'CREATOR' order by username limit 20) c
where r.username = 'bench_reader';
insert into tag_follows (user_id, tag_id)
select r.id, t.id from users r,
  (select id from tags where slug like 'bench-tag-%' order by slug limit 5) t
where r.username = 'bench_reader';
create table bench_generated (at timestamptz not null default now());
insert into bench_generated default values;
analyze;
SQL
  echo "generated $db in $(( SECONDS - started )) s; size $(psql_in "$db" -tAc "select pg_size_pretty(pg_database_size('$db'))")" >&2
}

# The better (more requests/s) of two `load` results.
best() {
  if awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN {exit !(a >= b)}'; then echo "$1"; else echo "$2"; fi
}

run_size() {
  local posts=$1 db=bench_$1
  prepare "$posts"
  local data app_port ceiling_port app ceiling
  data=$(mktemp -d /tmp/sparkle-bench-XXXXXX)
  app_port=$(free_port)
  ceiling_port=$(free_port)
  start_app() {
    SPARKLE_DATA_DIR="$data" SPARKLE_PORT="$app_port" SPARKLE_SITE_ROOT="$target/site" \
      SPARKLE_LOG=warn SPARKLE_DB_MAX_CONNECTIONS=16 DATABASE_URL="$1" "$server_bin" &
    app_pid=$!
    for _ in $(seq 150); do curl -fs "http://127.0.0.1:$app_port/readyz" >/dev/null && return; sleep 0.2; done
    echo "the server did not start" >&2; exit 1
  }
  stop_app() { kill -TERM "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

  app=http://127.0.0.1:$app_port
  ceiling=http://127.0.0.1:$ceiling_port
  local slug=bench-post-$(( posts / 2 ))
  local lua=$data/feed.lua
  printf 'wrk.method = "POST"\nwrk.body = "feed=home"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n' >"$lua"

  # First pass: every query's plan, once, through auto_explain.
  local explain_url
  explain_url="$(url_of "$db")&options=-c%20auto_explain.log_min_duration%3D0%20-c%20auto_explain.log_analyze%3Don%20-c%20auto_explain.log_buffers%3Don%20-c%20auto_explain.log_timing%3Doff%20-c%20auto_explain.log_nested_statements%3Don"
  start_app "$explain_url"
  sign_in() {
    curl -s -D - -o /dev/null -X POST -H "Origin: $app" -H "Accept: application/json" \
      --data-urlencode "login=bench_reader" --data-urlencode "password=$password" "$app/api/sign_in" |
      awk -F'[=;]' 'tolower($0) ~ /^set-cookie: sparkle_session=/ {print $2}' | tail -1
  }
  local session
  session=$(sign_in)
  [ -n "$session" ] || { echo "signing in failed" >&2; exit 1; }
  local cookie="Cookie: sparkle_session=$session"
  local offset
  offset=$(stat -c %s "$dir/postgres.log")
  for _ in 1 2; do # the second round is the one that counts: warm caches
    check "$app/p/$slug"
    check -H "$cookie" "$app/"
    check -X POST -H "$cookie" -H "Origin: $app" -H "Accept: application/json" -d feed=home "$app/api/feed"
    check "$app/latest"
    check "$app/trending"
    check "$app/sitemap.xml"
  done
  tail -c +"$(( offset + 1 ))" "$dir/postgres.log" >"$dir/explain-$posts.txt"
  stop_app
  session=""

  # Second pass: load.
  start_app "$(url_of "$db")"
  session=$(sign_in)
  cookie="Cookie: sparkle_session=$session"
  DATABASE_URL=$(url_of "$db") BENCH_PORT=$ceiling_port BENCH_MEMBER=bench_reader \
    BENCH_DB_CONNECTIONS=16 "$ceiling_bin" &
  ceiling_pid=$!
  for _ in $(seq 100); do curl -fs -o /dev/null "$ceiling/p/$slug" && break; sleep 0.2; done
  check "$ceiling/p/$slug"
  check "$ceiling/home"
  check -X POST -H "$cookie" -H "Origin: $app" -H "Accept: application/json" -d feed=home "$app/api/feed"

  # Warm-up: every address on both servers under load for a few seconds
  # before anything is measured, so both sides meet PostgreSQL's plan cache in
  # the same state (a statement switches from custom to generic plans only
  # after its connection has seen enough executions; the cards query's custom
  # plan costs about 1 ms of planning: docs/PERFORMANCE.md, fifth session).
  for url in "$ceiling/p/$slug" "$ceiling/home" "$app/p/$slug" "$app/latest"; do
    wrk -t2 -c32 -d3s "$url" >/dev/null
  done
  wrk -t2 -c32 -d3s -H "$cookie" "$app/" >/dev/null
  wrk -t2 -c32 -d3s -s "$lua" -H "$cookie" -H "Origin: $app" -H "Accept: application/json" "$app/api/feed" >/dev/null

  local post_c home_c post_a home_a feed_a sitemap_a latest_a
  post_c=$(load "$ceiling/p/$slug")
  home_c=$(load "$ceiling/home")
  post_a=$(load "$app/p/$slug")
  home_a=$(load -H "$cookie" "$app/")
  feed_a=$(load -s "$lua" -H "$cookie" -H "Origin: $app" -H "Accept: application/json" "$app/api/feed")
  latest_a=$(load "$app/latest")
  sitemap_a=$(load "$app/sitemap.xml")
  # The ceilings again, after the app's runs: each ceiling is the better of
  # its two runs, so the shares are not flattered by one slow run.
  post_c=$(best "$post_c" "$(load "$ceiling/p/$slug")")
  home_c=$(best "$home_c" "$(load "$ceiling/home")")
  local rss
  rss=$(awk '/VmRSS/ {print $2 " kB"}' "/proc/$app_pid/status")
  kill -TERM "$ceiling_pid" 2>/dev/null; wait "$ceiling_pid" 2>/dev/null || true
  ceiling_pid=""
  stop_app
  rm -rf "$data"

  row() { # name, app result, ceiling result
    read -r rps p50 p99 bad <<<"$2"
    local share="-"
    if [ -n "${3:-}" ]; then
      read -r crps _ <<<"$3"
      share=$(awk -v a="$rps" -v c="$crps" 'BEGIN {printf "%.0f %%", 100 * a / c}')
    fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "$bad" "$share"
  }
  {
    echo "## $posts posts ($(psql_in "$db" -tAc "select pg_size_pretty(pg_database_size('$db'))"))"
    echo
    echo "| Address | Requests/s | p50 | p99 | Non-2xx | Share of ceiling |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    row "ceiling: post rows (GET /p/{slug}, JSON)" "$post_c"
    row "ceiling: home feed rows (GET /home, JSON)" "$home_c"
    row "post page GET /p/$slug (visitor)" "$post_a" "$post_c"
    row "home feed page GET / (member)" "$home_a" "$home_c"
    row "feed server fn POST /api/feed feed=home (member)" "$feed_a" "$home_c"
    row "Latest page GET /latest (visitor)" "$latest_a"
    row "sitemap index GET /sitemap.xml" "$sitemap_a"
    echo
    echo "Server resident set after the load: $rss. Plans: $dir/explain-$posts.txt"
  } | tee "$dir/results-$posts.txt"
}

for posts in "${sizes[@]}"; do
  run_size "$posts"
done
