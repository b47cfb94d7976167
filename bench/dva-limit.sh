#!/usr/bin/env bash
# BgZ searches per second of the reference DVA beside its limit, in one run
# (issue #14):
#   1. `ketentest sandbox prepare` imports the BgZ Cert fixtures into a
#      fresh SQLite data dir (or BENCH_DATABASE_URL, a PostgreSQL database
#      made for the run), `ketentest serve` starts the sandbox DVA with
#      traffic recording on, `ketentest sandbox token` logs in a patient.
#   2. bench/dvalimit asks the DVA once for each of the 28 searches of the
#      PHR-Client script and serves those bytes from memory.
#   3. `ketentest loadtest --compare` loads the DVA, then the limit server,
#      with the same client, and prints both and the ratio.
# Extra arguments go to loadtest (default --workers 8 --duration 10s).
set -euo pipefail
cd "$(dirname "$0")/.."
script="../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/PHR-Client/medmij-bgz-phr-1-1-retrieve-bgz.xml"
fixtures="../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/_reference/resources"
dva_addr="${BENCH_DVA_ADDR:-127.0.0.1:18443}"
limit_addr="${BENCH_LIMIT_ADDR:-127.0.0.1:18444}"
dir="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
go build -o "$dir/ketentest" ./cmd/ketentest
go build -o "$dir/dvalimit" ./bench/dvalimit
export KETENTEST_DATA_DIR="$dir/data" KETENTEST_LOG_LEVEL=warn
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export KETENTEST_DATABASE_URL="$BENCH_DATABASE_URL"; fi
"$dir/ketentest" sandbox prepare --fixtures "$fixtures" >/dev/null
KETENTEST_SANDBOX_ADDR="$dva_addr" "$dir/ketentest" serve --addr 127.0.0.1:0 >/dev/null & pids+=($!)
for _ in $(seq 50); do curl -fs "http://$dva_addr/48/fhir/metadata" >/dev/null && break; sleep 0.2; done
token="$("$dir/ketentest" sandbox token --base "http://$dva_addr" --patient 1:medmij-bgz-patient-ts-01)"
"$dir/dvalimit" --dva "http://$dva_addr/48/fhir" --token "$token" --script "$script" --addr "$limit_addr" & pids+=($!)
for _ in $(seq 50); do curl -fs -o /dev/null -H "Authorization: Bearer $token" -H "MedMij-Request-ID: x" "http://$limit_addr/48/fhir/Patient" && break; sleep 0.2; done
args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(--workers 8 --duration 10s); fi
"$dir/ketentest" loadtest --base "http://$dva_addr/48/fhir" --compare "http://$limit_addr/48/fhir" --token "$token" --script "$script" "${args[@]}"
