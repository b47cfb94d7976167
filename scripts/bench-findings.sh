#!/usr/bin/env bash
# Benchmark of issue #3: a fresh ketentest on SQLite in a temporary data dir, an
# admin with an API token and a hackathon, then `ketentest loadtest findings`
# against it over loopback. Extra arguments go to the load generator, e.g.
#   scripts/bench-findings.sh --loggers 200 --rate 1000 --viewers 200 --duration 20s
#   scripts/bench-findings.sh --loggers 200 --rate 1000 --viewers-sse 200 --duration 20s
# The server is stopped and the data dir removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
addr="${BENCH_ADDR:-127.0.0.1:18090}"
dir="$(mktemp -d)"
bin="$dir/ketentest"
go build -o "$bin" ./cmd/ketentest
# One account plays all SSE viewers, so lift the per-user stream limit.
export KETENTEST_DATA_DIR="$dir/data" KETENTEST_LOG_LEVEL=warn KETENTEST_MAX_STREAMS_PER_USER=0
pass="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
KETENTEST_PASSWORD="$pass" "$bin" user create --email bench@example.org --name Bench --admin >/dev/null
"$bin" serve --addr "$addr" & pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs "http://$addr/healthz" >/dev/null && break; sleep 0.2; done
jar="$dir/jar"
curl -fs -c "$jar" -o /dev/null --data-urlencode email=bench@example.org --data-urlencode "password=$pass" "http://$addr/login"
token="$(curl -fs -b "$jar" -H 'Content-Type: application/json' -d '{"name":"bench","expires_in_days":1}' "http://$addr/api/v1/tokens" | jq -r .secret)"
hid="$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"code":"BENCH","name":"Benchmark","variant":"functioneel"}' "http://$addr/api/v1/hackathons" | jq -r .id)"
"$bin" loadtest findings --base "http://$addr" --token "$token" --hackathon "$hid" "$@"
