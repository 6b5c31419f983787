#!/usr/bin/env node
// `npm run bench`: every test/bench/*.bench.ts in turn (or the ones named).
// Each prints its figures and writes test/bench/results/<name>.json.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const named = process.argv.slice(2);
const all = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.bench.ts')).sort();
const benches = named.length ? all.filter((f) => named.some((n) => f.startsWith(n))) : all;
let failed = 0;
for (const f of benches) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `test/bench/${f}`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`=== ${f} failed (${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
