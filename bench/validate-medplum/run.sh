#!/bin/sh
# Side-by-side benchmark: ketentest's validator and @medplum/core's
# validateResource on the same corpus (the Nictiz zib2020 examples as JSON
# plus one variant per planted error). Run from the repository root:
#
#   sh bench/validate-medplum/run.sh [SHARED_FHIR_DIR]
#
# Needs go, node (>= 18) and npm with access to the npm registry.
# @medplum/core is installed into a temporary folder, never into the repo.
set -eu
shared=${1:-../shared/fhir}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./bench/validate-medplum/gobench -shared "$shared" -write "$tmp/corpus"
cp "$here/package.json" "$here/bench.mjs" "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --silent >/dev/null)
echo "== ketentest (Go $(go env GOVERSION))"
go run ./bench/validate-medplum/gobench -shared "$shared" -measure "$tmp/corpus"
echo "== @medplum/core $(node -p "JSON.parse(require('fs').readFileSync('$tmp/node_modules/@medplum/core/package.json','utf8')).version") (node $(node --version))"
node "$tmp/bench.mjs" "$tmp/corpus"
