import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, parseConfig } from '../../src/policy/load.js';
import { defaultConfig } from '../../src/policy/defaults.js';

const fixtures = fileURLToPath(new URL('../fixtures/policy/', import.meta.url));
const shipped = fileURLToPath(new URL('../../config/oomtop.yaml', import.meta.url));

function issuesOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}

test('every problem in a file is reported at its line:col, in file order', () => {
  const file = `${fixtures}many-errors.yaml`;
  const err = issuesOf(() => loadConfig(file));
  const got = err.issues.map((i) => `${i.line}:${i.col} ${i.path} | ${i.message}`);
  assert.deepEqual(got, [
    "2:7 mode | mode must be one of armed, dry-run, monitor, got 'armd' (did you mean 'armed'?)",
    "4:3 node.levle | unknown key 'levle' (did you mean 'level'?)",
    '6:10 node.grace | node.grace must be a number >= 0 (seconds), got -1',
    '8:14 node.protect[0].name | node.protect[0].name: invalid regex: missing closing ): `^(sshd` (at character 1 of the regex)',
    '9:18 node.protect[1].cmdline | node.protect[1].cmdline: invalid regex: invalid or unsupported Perl syntax: `(?=` (at character 2 of the regex)',
    '10:7 node.protect[2] | node.protect[2]: a rule needs at least one of name, cmdline, user, cgroup, pod, namespace, pid',
    "11:7 node.protect[3] | node.protect[3]: a rule is a map like { name: '^sshd$' }, got 'sshd'",
    '13:28 node.prefer[0].priority | node.prefer[0].priority must be an integer, got 1.5',
    "15:5 cgroups[0] | cgroups[0]: a cgroup scope needs 'match' with at least one of path, pod, namespace",
    "17:18 cgroups[1].protectPid1 | cgroups[1].protectPid1 must be true or false, got 'yes'",
    '18:28 interval.max | interval.max (100) must not be below interval.min (500)',
    `19:10 metrics | metrics must be null, "PORT" or "ADDR:PORT" with a port from 1 to 65535, got '0.0.0.0:99999'`,
  ]);
  assert.ok(err.issues.every((i) => i.file === file));
  // The message is what check-config prints: one file:line:col line per issue.
  const lines = err.message.split('\n');
  assert.equal(lines.length, 12);
  assert.equal(lines[1], `${file}:4:3: unknown key 'levle' (did you mean 'level'?)`);
});

test('YAML syntax errors are reported with their position', () => {
  const err = issuesOf(() => loadConfig(`${fixtures}syntax-error.yaml`));
  assert.equal(err.issues.length, 1);
  const [i] = err.issues;
  assert.equal(`${i!.line}:${i!.col}`, '4:3');
  assert.match(i!.message, /^YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \]/);
});

test('duplicate keys are a syntax error', () => {
  const err = issuesOf(() => parseConfig('mode: armed\nmode: monitor\n', 'dup.yaml'));
  assert.equal(`${err.issues[0]!.line}:${err.issues[0]!.col}`, '2:1');
  assert.match(err.issues[0]!.message, /unique/);
});

test('wrong types name the key, the expected type and what was found', () => {
  const text = ['node: 5', 'cgroups: { a: 1 }', 'events: 12', 'interval: { min: 0.5 }', 'podLogRoot: ""', ''].join('\n');
  const err = issuesOf(() => parseConfig(text, 'types.yaml'));
  assert.deepEqual(
    err.issues.map((i) => `${i.line}:${i.col} ${i.message}`),
    [
      '1:7 node must be a map, got 5',
      '2:10 cgroups must be a list, got a map',
      '3:9 events must be a non-empty string, got 12',
      '4:18 interval.min must be an integer >= 1 (milliseconds), got 0.5',
      "5:13 podLogRoot must be a non-empty string, got ''",
    ],
  );
});

test('unknown keys far from any known key list the known ones', () => {
  const err = issuesOf(() => parseConfig('node:\n  protect:\n    - { comm: sshd }\n', 'x.yaml'));
  // One issue: the rule left empty by the unknown key is not reported again.
  assert.equal(err.issues.length, 1);
  assert.equal(err.issues[0]!.message, "unknown key 'comm' (known: name, cmdline, user, cgroup, pod, namespace, pid, startTime, priority, grace)");
  assert.equal(`${err.issues[0]!.line}:${err.issues[0]!.col}`, '3:9');
});

test('startTime is accepted only together with pid, as a non-negative integer', () => {
  const ok = parseConfig('node:\n  protect:\n    - { pid: 4242, startTime: 98765 }\n', 'x.yaml');
  assert.deepEqual(ok.config.node.protect, [{ pid: 4242, startTime: 98765 }]);
  const text = ['node:', '  protect:', '    - { startTime: 5 }', '    - name: x', '      startTime: 5', '  prefer:', '    - { pid: 7, startTime: -1 }', ''].join('\n');
  const err = issuesOf(() => parseConfig(text, 'x.yaml'));
  assert.deepEqual(
    err.issues.map((i) => `${i.line}:${i.col} ${i.path} | ${i.message}`),
    [
      "3:9 node.protect[0].startTime | node.protect[0].startTime: 'startTime' only applies together with 'pid' (it tells a reused PID apart)",
      "5:7 node.protect[1].startTime | node.protect[1].startTime: 'startTime' only applies together with 'pid' (it tells a reused PID apart)",
      '7:28 node.prefer[0].startTime | node.prefer[0].startTime must be an integer >= 0 (clock ticks since boot), got -1',
    ],
  );
});

test('protect rules cannot carry priority or grace', () => {
  const err = issuesOf(() => parseConfig('node:\n  protect:\n    - name: sshd\n      grace: 3\n', 'x.yaml'));
  assert.equal(err.issues.length, 1);
  assert.equal(`${err.issues[0]!.line}:${err.issues[0]!.col}`, '4:7');
  assert.match(err.issues[0]!.message, /only applies to prefer rules/);
});

test('hooks are validated: required keys and URL schemes', () => {
  const text = 'hooks:\n  exec: { command: x }\n  webhook: { url: ftp://h/x, timeout: 0 }\n  mail: {}\n';
  const err = issuesOf(() => parseConfig(text, 'h.yaml'));
  assert.deepEqual(
    err.issues.map((i) => `${i.line}:${i.col} ${i.message}`),
    [
      "2:9 hooks.exec needs 'timeout'",
      '3:19 hooks.webhook.url must be an http:// or https:// URL, got \'ftp://h/x\'',
      '3:39 hooks.webhook.timeout must be a number >= 0.001 (seconds), got 0',
      "4:3 unknown key 'mail' (known: exec, webhook)",
    ],
  );
});

test('an empty file gives the defaults', () => {
  assert.deepEqual(parseConfig('', 'empty.yaml').config, defaultConfig());
  assert.deepEqual(parseConfig('# only a comment\n', 'c.yaml').config, defaultConfig());
});

test('missing keys take defaults; cgroup entries inherit the node settings but not its rules', () => {
  const { config } = loadConfig(`${fixtures}minimal.yaml`);
  assert.equal(config.mode, 'armed');
  assert.equal(config.events, '/var/log/oomtop/events.jsonl');
  assert.deepEqual(config.interval, { min: 100, max: 1000 });
  assert.equal(config.podLogRoot, '/var/log/pods');
  assert.equal(config.metrics, '9749');
  assert.deepEqual(config.hooks, {
    exec: { command: 'logger oomtop', timeout: 10, before: false },
    webhook: { url: 'http://127.0.0.1:9000/x', timeout: 5 },
  });
  assert.deepEqual(config.node, {
    level: 'high',
    kill: 'process',
    protectPid1: true,
    grace: 5,
    protect: [],
    prefer: [{ name: '^nr-pref$', priority: 5, grace: 0 }],
  });
  assert.deepEqual(config.cgroups[0], {
    match: { path: '^/mybench(/|$)' },
    level: 'high',
    kill: 'process-group',
    protectPid1: true,
    grace: 5,
    protect: [{ cmdline: 'python.*serve' }],
    prefer: [],
  });
  assert.deepEqual(config.cgroups[1], {
    match: { namespace: '^batch$', pod: '^job-' },
    mode: 'dry-run',
    level: 'low',
    kill: 'process',
    protectPid1: false,
    grace: 2.5,
    protect: [],
    prefer: [],
  });
});

test('a missing file is an error', () => {
  const err = issuesOf(() => loadConfig(`${fixtures}does-not-exist.yaml`));
  assert.equal(err.issues[0]!.message, 'file not found');
});

test('the shipped config validates, is armed, and protects the usual system daemons', () => {
  const { config, doc } = loadConfig(shipped);
  assert.equal(config.mode, 'armed');
  assert.equal(config.events, '/var/log/oomtop/events.jsonl');
  assert.equal(config.node.level, 'medium');
  assert.equal(config.node.protectPid1, true);
  assert.deepEqual(config.cgroups, []);
  assert.equal(config.metrics, null);
  const names = config.node.protect.map((r) => new RegExp(r.name!));
  for (const comm of ['systemd', 'systemd-journal', 'init', 'sshd', 'sshd-session', 'dbus-daemon', 'tmux: server', 'SCREEN', 'Xorg', 'kubelet']) {
    assert.ok(names.some((re) => re.test(comm)), `${comm} is protected`);
  }
  for (const comm of ['bash', 'python3', 'chrome', 'node', 'systemdx']) {
    assert.ok(!names.some((re) => re.test(comm)), `${comm} is not protected`);
  }
  // Re-serialising an unedited document gives the file back byte for byte.
  assert.equal(doc.toString(), readFileSync(shipped, 'utf8'));
});

test("the shipped config's commented examples are valid when uncommented", () => {
  const text = readFileSync(shipped, 'utf8');
  const lines = text.split('\n');
  const block = (start: RegExp, strip: string): string[] => {
    const i = lines.findIndex((l) => start.test(l));
    assert.ok(i >= 0, `example ${start} present`);
    const out: string[] = [];
    for (let j = i; j < lines.length && lines[j]!.startsWith(strip); j++) out.push(lines[j]!.slice(strip.length));
    return out;
  };
  const cgroups = block(/^#   cgroups:/, '#   ');
  const prefer = block(/^ {2}# {3}prefer:/, '  #   ').map((l) => `  ${l}`);
  const hooks = block(/^# hooks:/, '# ');
  const edited = text
    .replace(/^cgroups: \[\]$/m, cgroups.join('\n'))
    .replace(/^ {2}prefer: \[\]$/m, prefer.join('\n'))
    .concat(hooks.join('\n'), '\n');
  const { config } = parseConfig(edited, 'uncommented.yaml');
  assert.equal(config.cgroups.length, 2);
  assert.deepEqual(config.cgroups[0]!.prefer, [{ name: '^nr-pref$', priority: 5 }]);
  assert.equal(config.cgroups[1]!.mode, 'dry-run');
  assert.equal(config.node.prefer.length, 2);
  assert.equal(config.hooks?.exec?.timeout, 10);
  assert.equal(config.hooks?.webhook?.url, 'http://127.0.0.1:9000/oomtop');
});
