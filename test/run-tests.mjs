#!/usr/bin/env node
// Runs every test file under test/ with Node's test runner (TypeScript via tsx).
// Node 20 does not expand globs in --test arguments, so list the files here.
// Files run one at a time: live tests share the machine's memory cgroups and
// disk, and a parallel neighbour would distort their latency measurements.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const testDir = join(root, 'test');
const skipDirs = new Set(['fixtures', 'bench', 'node_modules']);

function collect(dir, out) {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (!skipDirs.has(entry)) collect(full, out);
    } else if (entry.endsWith('.test.ts')) {
      out.push(relative(root, full));
    }
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length ? only : collect(testDir, []);
if (files.length === 0) {
  console.error('no test files found under test/');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
