// The published package installs and runs: npm pack, npm install -g into a
// temporary prefix (dependencies from the local npm cache when it has them),
// then `oomtop --help`. Uses the dist/ that `npm test` builds; packs with
// --ignore-scripts so this test never rebuilds the shared working tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const skip = !existsSync(join(ROOT, 'dist/cli.js')) ? 'dist/cli.js not built (npm run build)' : false;

function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs: number }) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, encoding: 'utf8', timeout: opts.timeoutMs });
  assert.equal(r.error, undefined, `${cmd} ${args.join(' ')}: ${r.error?.message}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('npm pack + npm install -g gives a working oomtop binary', { skip, timeout: 360_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-pack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, timeoutMs: 120_000 })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = new Set(packed[0]!.files.map((f) => f.path));
  for (const f of ['dist/cli.js', 'package.json', 'config/oomtop.yaml', 'config/systemd/oomtop.service', 'config/kubernetes/daemonset.yaml']) {
    assert.ok(files.has(f), `${f} is in the package`);
  }
  for (const f of files) assert.doesNotMatch(f, /^(src|test|node_modules)\//, `${f} should not be published`);

  const prefix = join(dir, 'prefix');
  const tgz = join(dir, packed[0]!.filename);
  run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tgz], { cwd: dir, timeoutMs: 300_000 });
  const bin = join(prefix, 'bin', 'oomtop');
  assert.ok(existsSync(bin), `${bin} installed`);
  const help = run('timeout', ['30', bin, '--help'], { cwd: dir, timeoutMs: 40_000 });
  assert.match(help, /^Usage: oomtop/m);
  assert.match(help, /\brun\b/, 'lists the run command');
});
