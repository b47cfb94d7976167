#!/usr/bin/env bash
# Findings per second on PostgreSQL (issue #10), measured in one run beside
# its plain-SQL limit:
#   1. ketentest serves on a fresh database; `ketentest loadtest findings`
#      logs findings through the API (extra arguments go to it; default
#      --loggers 200 --duration 20s).
#   2. pgbench runs bench/finding_create.pgbench, the same transaction shape
#      as one creation, with as many clients as ketentest has connections
#      (20), on the same database and machine, right after.
#   3. pgbench runs bench/finding_create_counter.pgbench, the shape before
#      the change (counter row locked until commit, event in a second
#      transaction), for comparison.
# BENCH_POSTGRES is a URL of a server whose user may create databases
# (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable);
# BENCH_SECONDS (default 20) is each pgbench run's length. The database is
# dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
secs="${BENCH_SECONDS:-20}"
addr="${BENCH_ADDR:-127.0.0.1:18091}"
dir="$(mktemp -d)"
db="bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
dburl="${base/\/postgres\?//$db?}"
psql "$base" -qc "CREATE DATABASE $db"
bin="$dir/ketentest"
cleanup() { if [ "${pid:-}" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi; psql "$base" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$dir"; }
trap cleanup EXIT
go build -o "$bin" ./cmd/ketentest
export KETENTEST_DATA_DIR="$dir/data" KETENTEST_DATABASE_URL="$dburl" KETENTEST_LOG_LEVEL=warn KETENTEST_MAX_STREAMS_PER_USER=0
pass="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
KETENTEST_PASSWORD="$pass" "$bin" user create --email bench@example.org --name Bench --admin >/dev/null
"$bin" serve --addr "$addr" & pid=$!
for _ in $(seq 50); do curl -fs "http://$addr/healthz" >/dev/null && break; sleep 0.2; done
jar="$dir/jar"
curl -fs -c "$jar" -o /dev/null --data-urlencode email=bench@example.org --data-urlencode "password=$pass" "http://$addr/login"
token="$(curl -fs -b "$jar" -H 'Content-Type: application/json' -d '{"name":"bench","expires_in_days":1}' "http://$addr/api/v1/tokens" | jq -r .secret)"
mk() { curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"code\":\"$1\",\"name\":\"Benchmark $1\",\"variant\":\"functioneel\"}" "http://$addr/api/v1/hackathons" | jq -r .id; }
hid="$(mk BENCH)"; hpool="$(mk PGB)"; hcount="$(mk PGC)"
uid="$(psql "$dburl" -Atc "SELECT id FROM users WHERE email = 'bench@example.org'")"
args=("$@"); [ ${#args[@]} -eq 0 ] && args=(--loggers 200 --duration 20s)
echo "== ketentest loadtest findings ${args[*]} (PostgreSQL)"
"$bin" loadtest findings --base "http://$addr" --token "$token" --hackathon "$hid" "${args[@]}"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
# Free numbers for the pgbench run (the service refills 128 at a time; here
# the pool is filled once so that the run measures only the creation).
psql "$dburl" -qc "INSERT INTO finding_counters VALUES ($hpool, 2000000), ($hcount, 0);
  INSERT INTO finding_number_pool SELECT $hpool, generate_series(1, 2000000)"
pct() { # latency percentiles (ms) from pgbench's per-transaction logs
  cat "$1".* | awk '{print $3/1000}' | sort -n | awk '{a[NR]=$1} END {printf "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms over %d transactions\n", a[int(NR*.50)], a[int(NR*.95)], a[int(NR*.99)], a[NR], NR}'
}
for shape in finding_create finding_create_counter; do
  h=$hpool; [ "$shape" = finding_create_counter ] && h=$hcount
  echo "== pgbench -c 20 -j 2 -T $secs -f bench/$shape.pgbench (same database, same run)"
  (cd "$dir" && pgbench -n -c 20 -j 2 -T "$secs" -l --log-prefix="$shape" -D hid="$h" -D uid="$uid" -f "$OLDPWD/bench/$shape.pgbench" "$dburl" 2>&1 | grep -E '^(number of (transactions|failed)|latency average|tps)')
  pct "$dir/$shape"
done
