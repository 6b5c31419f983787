// End to end: the real `oomtop` binary (dist/cli.js, over this host's /proc
// and /sys) in a real pseudo-terminal, read through a headless xterm and driven
// by keys. Protecting a process writes the rule into the YAML file with its
// comments intact; quitting exits 0; a SIGHUP ends an unarmed oomtop cleanly
// and leaves an armed one enforcing headless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { hasScript, startPty, type PtyRun } from './pty.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const SHIPPED = join(ROOT, 'config/oomtop.yaml');

const skip = !existsSync(CLI)
  ? 'dist/cli.js is missing: run `npm run build` first (npm test does)'
  : !hasScript
    ? 'util-linux `script` is not installed: no pseudo-terminal to run the TUI in'
    : false;

const KEYS = { enter: '\r', escape: '\x1b' };

/** A temp copy of the shipped config, edited as text so every comment stays. */
function tempConfig(dir: string, edit: (text: string) => string): string {
  const file = join(dir, 'oomtop.yaml');
  let text = readFileSync(SHIPPED, 'utf8');
  text = text.replace(/^events: .*$/m, `events: ${join(dir, 'events.jsonl')}`);
  writeFileSync(file, edit(text));
  return file;
}

const comments = (text: string) => text.split('\n').filter((l) => l.trimStart().startsWith('#'));

function runOomtop(config: string): PtyRun {
  // 140 columns: at 120 the WHY column is 28 cells and cuts "protected by node.protect[6]" to "...[6~".
  return startPty({ cols: 140, rows: 40, command: `node '${CLI}' --config '${config}'`, comm: 'node', cwd: ROOT });
}

const killListShown = (l: string[]) => l.some((x) => /^ +RANK +PID USER/.test(x)) && l.some((x) => /^[> ] +\d+ +\d+ \S+ /.test(x));

test('real binary in a pty: protect a process by name, the YAML keeps its comments, q exits 0', { skip, timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-e2e-'));
  // A process with a name of our own to find and protect (comm comes from the file name).
  const name = `e2e-${process.pid % 100000}`;
  const bin = join(dir, name);
  copyFileSync('/bin/sleep', bin);
  // Bounded by its own argument (no `timeout` parent: its command line would match the filter too).
  const sleeper = spawn(bin, ['70'], { stdio: 'ignore' });
  const config = tempConfig(dir, (t) => t.replace(/^mode: armed$/m, 'mode: dry-run'));
  const before = readFileSync(config, 'utf8');
  const run = runOomtop(config);
  try {
    await run.waitFor(killListShown, 30_000, 'the kill list');
    assert.match(run.lines()[1]!, /^ DRY-RUN /);
    // The graphs pane: four contrib line charts with their scales.
    const axes = run.lines().find((l) => /^100%⡇/.test(l));
    assert.ok(axes && /⡇.*⡇.*⡇.* 100%⡇/.test(axes), run.text());
    await run.press('/', ...name, KEYS.enter);
    const row = (l: string[]) => l.find((x) => x.includes(` ${name} `));
    await run.waitFor((l) => row(l) !== undefined, 15_000, `${name} in the filtered kill list`);
    // The selected row (the theme paints it on a background) is ours.
    const y = run.lines().findIndex((x) => x.includes(` ${name} `));
    assert.ok(!run.term.buffer.active.getLine(y)!.getCell(10)!.isBgDefault(), `${name} is the selected row:\n${run.text()}`);
    await run.press('p');
    await run.waitFor((l) => l.some((x) => /Protect: match by/.test(x)), 5_000, 'the protect dialog');
    await run.press('n');
    await run.waitFor((l) => l.some((x) => x.includes('protect rule added: name=')), 10_000, 'the status line');
    // The rule is on disk, in the node policy, and matches the name; every comment survived.
    const after = readFileSync(config, 'utf8');
    const rules = (parse(after) as { node: { protect: { name?: string }[] } }).node.protect;
    const added = rules.filter((r) => r.name !== undefined && new RegExp(r.name).test(name) && !new RegExp(r.name).test(`${name}x`));
    assert.equal(rules.length, (parse(before) as { node: { protect: unknown[] } }).node.protect.length + 1);
    assert.equal(added.length, 1, after);
    assert.deepEqual(comments(after), comments(before));
    // The next ranking shows it protected (the kill list is re-ranked every couple of seconds).
    const shown = await run.waitFor((l) => /protected by (node\.)?protect\[\d+\]/.test(row(l) ?? ''), 30_000, `${name} shown as protected`);
    assert.match(row(shown)!, /^ +- +\d+ /, 'protected rows have no rank');
    const t0 = Date.now();
    await run.press('q');
    const code = await Promise.race([run.exited, new Promise<'slow'>((r) => setTimeout(() => r('slow'), 5_000))]);
    assert.equal(code, 0, `exit after q: ${code} in ${Date.now() - t0} ms`);
  } finally {
    run.stop();
    sleeper.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGHUP to the real binary: not armed it exits 0; armed it keeps enforcing and logs a hangup, SIGTERM ends it', { skip, timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-e2e-'));
  try {
    const dry = runOomtop(tempConfig(dir, (x) => x.replace(/^mode: armed$/m, 'mode: dry-run')));
    try {
      await dry.waitFor((l) => /^ DRY-RUN /.test(l[1] ?? ''), 30_000, 'the dry-run header');
      const pid = dry.programPid();
      assert.ok(pid, 'found the oomtop process');
      process.kill(pid, 'SIGHUP');
      const code = await Promise.race([dry.exited, new Promise<'slow'>((r) => setTimeout(() => r('slow'), 5_000))]);
      assert.equal(code, 0);
    } finally {
      dry.stop();
    }

    if (process.getuid?.() !== 0) {
      t.skip('armed needs root (oomtop falls back to monitor otherwise)');
      return;
    }
    // Armed, but nothing can ever be killed: level high and a rule protecting every name.
    const config = tempConfig(dir, (x) =>
      x
        .replace(/^ {2}level: medium$/m, '  level: high')
        .replace(/^ {2}protect:\n/m, "  protect:\n    - name: '.'\n"),
    );
    const events = join(dir, 'events.jsonl');
    const armed = runOomtop(config);
    try {
      await armed.waitFor((l) => /^ ARMED /.test(l[1] ?? ''), 30_000, 'the armed header');
      const pid = armed.programPid();
      assert.ok(pid);
      process.kill(pid, 'SIGHUP');
      const hangup = () => existsSync(events) && readFileSync(events, 'utf8').split('\n').some((l) => l.includes('"type":"hangup"'));
      for (let i = 0; i < 50 && !hangup(); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(hangup(), `a hangup event in ${events}`);
      // Still running (enforcing headless) a while after the hangup.
      const early = await Promise.race([armed.exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 2_000))]);
      assert.equal(early, 'running');
      process.kill(pid, 'SIGTERM');
      const code = await Promise.race([armed.exited, new Promise<'slow'>((r) => setTimeout(() => r('slow'), 5_000))]);
      assert.equal(code, 0);
    } finally {
      armed.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
