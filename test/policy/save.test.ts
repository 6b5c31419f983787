import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, parseConfig } from '../../src/policy/load.js';
import { addRule, editConfigFile, removeRule, setLevel, setMode, updateRule, writeConfigAtomic } from '../../src/policy/save.js';

const shippedPath = fileURLToPath(new URL('../../config/oomtop.yaml', import.meta.url));
const shipped = readFileSync(shippedPath, 'utf8');

const SCOPED = `# scoped config
mode: dry-run # try first
node:
  level: medium
  protect:
    # keep remote access
    - name: ^sshd$ # the daemon
    - { name: ^systemd$ }
  prefer: []
cgroups:
  # the benchmark
  - match: { path: '^/mybench(/|$)' }
    level: high # tight limit
    prefer:
      - name: ^nr-pref$
        priority: 5 # first to go
`;

function edited(text: string, edit: (doc: ReturnType<typeof parseConfig>['doc']) => void): string {
  const { doc } = parseConfig(text, 'in.yaml');
  edit(doc);
  const out = doc.toString();
  parseConfig(out, 'out.yaml'); // every edit leaves a valid config
  return out;
}

test('setLevel and setMode change one value and keep every comment of the shipped config', () => {
  assert.equal(
    edited(shipped, (d) => setLevel(d, -1, 'high')),
    shipped.replace('\n  level: medium\n', '\n  level: high\n'),
  );
  assert.equal(
    edited(shipped, (d) => setMode(d, 'dry-run')),
    shipped.replace('\nmode: armed\n', '\nmode: dry-run\n'),
  );
});

test('a scope mode override is added after the existing keys and removed again', () => {
  const withOverride = edited(SCOPED, (d) => setMode(d, 'monitor', 0));
  assert.equal(withOverride, SCOPED.concat('    mode: monitor\n'));
  assert.equal(edited(withOverride, (d) => setMode(d, null, 0)), SCOPED);
  assert.equal(
    edited(SCOPED, (d) => setMode(d, 'armed', -1)),
    SCOPED.replace('  prefer: []\n', '  prefer: []\n  mode: armed\n'),
  );
});

test('addRule appends in the style of its neighbours; an empty flow list becomes a block list', () => {
  assert.equal(
    edited(SCOPED, (d) => assert.equal(addRule(d, -1, 'protect', { name: '^dbus-daemon$' }), 2)),
    SCOPED.replace('    - { name: ^systemd$ }\n', '    - { name: ^systemd$ }\n    - { name: ^dbus-daemon$ }\n'),
  );
  assert.equal(
    edited(SCOPED, (d) => addRule(d, -1, 'prefer', { cmdline: 'make .*-j', priority: 3, grace: 0 })),
    SCOPED.replace('  prefer: []\n', '  prefer:\n    - cmdline: make .*-j\n      priority: 3\n      grace: 0\n'),
  );
  assert.equal(
    edited(SCOPED, (d) => addRule(d, 0, 'prefer', { pid: 4242, name: 'x' })),
    SCOPED.concat('      - name: x\n        pid: 4242\n'),
  );
  // A list that does not exist yet is created.
  assert.equal(
    edited(SCOPED, (d) => addRule(d, 0, 'protect', { user: '^postgres$' })),
    SCOPED.concat('    protect:\n      - user: ^postgres$\n'),
  );
});

test('a "this process only" rule keeps its start time through a save and reload', () => {
  const out = edited(SCOPED, (d) => addRule(d, -1, 'prefer', { pid: 4242, startTime: 987654, priority: 100 }));
  assert.ok(out.includes('  prefer:\n    - pid: 4242\n      startTime: 987654\n      priority: 100\n'), out);
  assert.deepEqual(parseConfig(out, 'out.yaml').config.node.prefer, [{ pid: 4242, startTime: 987654, priority: 100 }]);
});

test('regexes with YAML-significant characters are quoted and survive a reload', () => {
  const out = edited(SCOPED, (d) => addRule(d, -1, 'protect', { cmdline: "a: b #c 'q' [x]" }));
  assert.deepEqual(parseConfig(out, 'x').config.node.protect[2], { cmdline: "a: b #c 'q' [x]" });
});

test('updateRule rewrites in place: kept keys keep their comments, dropped keys go', () => {
  assert.equal(
    edited(SCOPED, (d) => updateRule(d, 0, 'prefer', 0, { name: '^nr-pref$', priority: 9 })),
    SCOPED.replace('priority: 5 # first to go', 'priority: 9 # first to go'),
  );
  assert.equal(
    edited(SCOPED, (d) => updateRule(d, 0, 'prefer', 0, { name: '^other$' })),
    SCOPED.replace('      - name: ^nr-pref$\n        priority: 5 # first to go\n', '      - name: ^other$\n'),
  );
  assert.equal(
    edited(SCOPED, (d) => updateRule(d, -1, 'protect', 0, { name: '^sshd', user: 'root' })),
    SCOPED.replace('    - name: ^sshd$ # the daemon\n', '    - name: ^sshd # the daemon\n      user: root\n'),
  );
});

test('removeRule drops the rule and its own comments, nothing else', () => {
  assert.equal(
    edited(SCOPED, (d) => removeRule(d, -1, 'protect', 1)),
    SCOPED.replace('    - { name: ^systemd$ }\n', ''),
  );
  assert.equal(
    edited(SCOPED, (d) => removeRule(d, -1, 'protect', 0)),
    SCOPED.replace('    # keep remote access\n    - name: ^sshd$ # the daemon\n', ''),
  );
  assert.equal(
    edited(shipped, (d) => removeRule(d, -1, 'protect', 0)),
    shipped.replace("    # init and systemd's own daemons (journald, logind, udevd ...)\n    - name: ^(init|systemd|systemd-.+)$\n", ''),
  );
  assert.equal(
    edited(shipped, (d) => removeRule(d, -1, 'protect', 2)),
    shipped.replace('    # the system message bus: many services stop working without it\n    - name: ^(dbus-daemon|dbus-broker|dbus-broker-lau)$\n', ''),
  );
});

test('edits on scopes or rules that do not exist throw RangeError and change nothing', () => {
  const { doc } = parseConfig(SCOPED, 'x');
  assert.throws(() => setLevel(doc, 3, 'low'), RangeError);
  assert.throws(() => addRule(doc, 1, 'prefer', { name: 'x' }), RangeError);
  assert.throws(() => updateRule(doc, -1, 'protect', 5, { name: 'x' }), RangeError);
  assert.throws(() => removeRule(doc, 0, 'protect', 0), RangeError);
  assert.equal(doc.toString(), SCOPED);
});

test('edits work on a config that has no node section yet', () => {
  assert.equal(edited('mode: monitor\n', (d) => setLevel(d, -1, 'low')), 'mode: monitor\nnode:\n  level: low\n');
  assert.equal(
    edited('mode: monitor\n', (d) => addRule(d, -1, 'protect', { name: '^x$' })),
    'mode: monitor\nnode:\n  protect:\n    - name: ^x$\n',
  );
});

test('writeConfigAtomic replaces the file, keeps its mode, leaves no temporary files', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-policy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'oomtop.yaml');
  writeFileSync(path, SCOPED);
  chmodSync(path, 0o640);
  const { doc } = loadConfig(path);
  addRule(doc, -1, 'protect', { name: '^dbus$' });
  const config = writeConfigAtomic(path, doc);
  assert.equal(config.node.protect.length, 3);
  assert.equal(readFileSync(path, 'utf8'), doc.toString());
  assert.match(readFileSync(path, 'utf8'), /# keep remote access/);
  assert.equal(statSync(path).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(dir), ['oomtop.yaml']);
});

test('writeConfigAtomic never writes an invalid config', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-policy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'oomtop.yaml');
  writeFileSync(path, SCOPED);
  const { doc } = loadConfig(path);
  doc.setIn(['node', 'level'], 'extreme');
  assert.throws(() => writeConfigAtomic(path, doc), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /oomtop\.yaml:4:10: node\.level must be one of low, medium, high, got 'extreme'/);
    return true;
  });
  assert.equal(readFileSync(path, 'utf8'), SCOPED);
  assert.deepEqual(readdirSync(dir), ['oomtop.yaml']);
  // A rule whose regex is invalid is refused the same way.
  const again = loadConfig(path).doc;
  addRule(again, -1, 'protect', { name: '(' });
  assert.throws(() => writeConfigAtomic(path, again), ConfigError);
  assert.equal(readFileSync(path, 'utf8'), SCOPED);
});

test('a symlinked config is written through to its target', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-policy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const target = join(dir, 'real.yaml');
  const link = join(dir, 'oomtop.yaml');
  writeFileSync(target, SCOPED);
  symlinkSync('real.yaml', link);
  const out = editConfigFile(link, (d) => setLevel(d, -1, 'low'));
  assert.equal(out.config.node.level, 'low');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(target, 'utf8'), SCOPED.replace('  level: medium\n', '  level: low\n'));
});
