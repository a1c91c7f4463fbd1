#!/usr/bin/env bash
# The engagement benchmarks (issue 7), on the release server:
#
#   1. A post with 5,000 comments (1,000 threads of a comment and four
#      replies, a third of them about a moment of the video): its page, the
#      comments server function's first page (Top), a page deep in the
#      thread (Oldest, after 900 threads), and a thread page — wrk, 2
#      threads, 32 connections, 10 s each: requests/s, p50, p99.
#   2. Live fan-out: 1,000 and then 10,000 WebSockets open on one instance,
#      all watching that post (bench/fanout.rs); ten comments are posted
#      over HTTP and every socket's delivery time is measured from the
#      moment the comment was sent: p50, p99, slowest. Also the server's
#      resident memory with the sockets open.
#
#   bench/engagement.sh
#
# Uses the cluster of bench/pg.sh ($SPARKLE_BENCH_DIR); the database
# `bench_engagement` is the demo data plus the 5,000 comments (made once).
# SPARKLE_BENCH_BUILD=0 uses the binaries already built. Needs wrk and
# PostgreSQL (Debian packages). Everything shares the machine: the load
# generators, the sockets' client, the server and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
target=$CARGO_TARGET_DIR
if [ "${SPARKLE_BENCH_BUILD:-1}" = 1 ]; then
  echo "building the release site, server and fan-out client…" >&2
  cargo xtask build --bench >/dev/null
  cargo build --release -p server --example fanout >/dev/null
fi
server_bin=$target/release/sparkle-server
fanout_bin=$target/release/examples/fanout
source bench/pg.sh
# Ten thousand sockets need as many descriptors, in the server and the client.
ulimit -n "$(ulimit -Hn)"

db=bench_engagement
if [ "$(psql_in postgres -tAc "select 1 from pg_database where datname = '$db'")" != 1 ] ||
   [ "$(psql_in "$db" -tAc "select to_regclass('bench_generated') is not null")" != t ]; then
  echo "generating $db: demo data and a post with 5,000 comments…" >&2
  psql_in postgres -c "drop database if exists $db" -c "create database $db"
  DATABASE_URL=$(url_of "$db") SPARKLE_LOG=warn "$server_bin" migrate
  DATABASE_URL=$(url_of "$db") SPARKLE_LOG=warn "$server_bin" seed
  psql_in "$db" <<'SQL'
create temp table target as
  select id from posts where content_status = 'PUBLISHED' and youtube_video_id is not null
  order by published_at desc limit 1;
create temp table people as select array_agg(id order by username) as ids from users
  where username like 'fan\_%' or username like 'creator\_%';
create temp table tops as
  select gen_random_uuid() as id, nextval(pg_get_serial_sequence('comments', 'seq')) as seq, n
  from generate_series(1, 1000) n;
insert into comments (id, seq, post_id, author_id, root_id, depth, path, body, body_html, video_at, created_at)
  select t.id, t.seq, p.id, pp.ids[1 + t.n % array_length(pp.ids, 1)], t.id, 0, array[t.seq],
         'Thread number ' || t.n || ': what a moment!', '<p>Thread number ' || t.n || ': what a moment!</p>',
         case when t.n % 3 = 0 then (t.n * 7) % 600 end, now() - make_interval(mins => 5000 - t.n)
  from tops t, target p, people pp;
create temp table replies as
  select gen_random_uuid() as id, nextval(pg_get_serial_sequence('comments', 'seq')) as seq, t.id as root,
         t.seq as root_seq, t.n, r
  from tops t, generate_series(1, 4) r;
insert into comments (id, seq, post_id, author_id, parent_id, root_id, depth, path, body, body_html, created_at)
  select r.id, r.seq, p.id, pp.ids[1 + (r.n + r.r) % array_length(pp.ids, 1)], r.root, r.root, 1,
         array[r.root_seq, r.seq], 'Reply ' || r.r || ' in thread ' || r.n, '<p>Reply ' || r.r || ' in thread ' || r.n || '</p>',
         now() - make_interval(mins => 5000 - r.n) + make_interval(secs => r.r)
  from replies r, target p, people pp;
update comments c set reply_count = (select count(*) from comments r where r.parent_id = c.id and r.deleted_at is null)
  where c.post_id = (select id from target);
update post_stats s set comment_count = (select count(*) from comments c where c.post_id = s.post_id and c.deleted_at is null)
  where s.post_id = (select id from target);
create table bench_generated (post_id uuid not null);
insert into bench_generated select id from target;
analyze;
SQL
fi
post_id=$(psql_in "$db" -tAc "select post_id from bench_generated")
slug=$(psql_in "$db" -tAc "select slug from posts where id = '$post_id'")
comments=$(psql_in "$db" -tAc "select comment_count from post_stats where post_id = '$post_id'")
thread=$(psql_in "$db" -tAc "select id from comments where post_id = '$post_id' and parent_id is null order by created_at limit 1")
echo "post $slug: $comments comments" >&2

data=$(mktemp -d /tmp/sparkle-bench-XXXXXX)
port=$(free_port)
app=http://127.0.0.1:$port
SPARKLE_DATA_DIR="$data" SPARKLE_PORT="$port" SPARKLE_SITE_ROOT="$target/site" SPARKLE_PUBLIC_URL="$app" \
  SPARKLE_LOG=warn SPARKLE_DB_MAX_CONNECTIONS=16 DATABASE_URL="$(url_of "$db")" "$server_bin" &
app_pid=$!
trap 'kill -TERM $app_pid 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 150); do curl -fs "$app/readyz" >/dev/null && break; sleep 0.2; done
sign_in() {
  curl -s -D - -o /dev/null -X POST -H "Origin: $app" -H "Accept: application/json" \
    --data-urlencode "login=$1" --data-urlencode "password=sparkle-demo-2026" "$app/api/sign_in" |
    awk -F'[=;]' 'tolower($0) ~ /^set-cookie: sparkle_session=/ {print $2}' | tail -1
}

# --- 1. The post page with 5,000 comments --------------------------------
deep=$(curl -s "$app/api/comments?post=$post_id&sort=old" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
for _ in $(seq 44); do
  deep=$(curl -s "$app/api/comments?post=$post_id&sort=old&after=$deep" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
done
declare -A urls=(
  ["post page GET /p/{slug} (visitor; the article, the first 20 threads with their replies, the heat strip)"]="$app/p/$slug"
  ["comments, first page (Top) GET /api/comments?post="]="$app/api/comments?post=$post_id"
  ["comments, page 46 (Oldest, after 900 threads)"]="$app/api/comments?post=$post_id&sort=old&after=$deep"
  ["a thread page GET /p/{slug}/comments/{id}"]="$app/p/$slug/comments/$thread"
)
printf '| What | Requests/s | p50 | p99 |\n| --- | ---: | ---: | ---: |\n'
for name in "${!urls[@]}"; do
  check "${urls[$name]}"
  check "${urls[$name]}"
  read -r rps p50 p99 bad < <(load "${urls[$name]}")
  [ "$bad" = 0 ] || echo "warning: $bad non-2xx answers for $name" >&2
  printf '| %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99"
done

# --- 2. Live fan-out ------------------------------------------------------
rss() { awk '/^VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$app_pid/status"; }
echo "server memory before any socket: $(rss)"
for n in 1000 10000; do
  who=$([ "$n" = 1000 ] && echo fan_ana || echo fan_ben)
  session=$(sign_in "$who")
  [ -n "$session" ] || { echo "signing in as $who failed" >&2; exit 1; }
  log=$data/fanout-$n.log
  "$fanout_bin" "$app" "$post_id" "$session" "$n" 10 >"$log" 2>&1 &
  client=$!
  until grep -q "sockets open" "$log" 2>/dev/null; do
    kill -0 "$client" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$(grep 'sockets open' "$log"); server memory with them open: $(rss)"
  wait "$client"
  grep "deliveries" "$log"
  sleep 3
done
