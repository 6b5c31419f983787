// Screen tests: what a real terminal emulator (xterm.js, headless) shows when
// blessed renders the TUI over a fake engine, and what each key does.
import { test } from 'node:test';
import blessed from 'blessed';
import assert from 'node:assert/strict';
import { FakeEngine, fixtureState } from './fake-engine.js';
import type { AppState } from '../../src/app/types.js';
import { KEYS, startHarness, type Harness } from './harness.js';

process.env.TZ = 'UTC';

function row(h: Harness, needle: string | RegExp): string {
  const hit = h.lines().find((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)));
  assert.ok(hit !== undefined, `no line with ${needle} on screen:\n${h.text()}`);
  return hit;
}

function absent(h: Harness, needle: string): void {
  assert.ok(!h.text().includes(needle), `unexpected ${needle} on screen:\n${h.text()}`);
}

/** Rows of the graphs pane below the titles: each starts with a y axis. */
function chartRows(h: Harness): string[] {
  return h.lines().filter((l) => /^(\d+%| {4}|0 {3})⡇/.test(l));
}

/** Braille cells with at least one dot on screen. */
function braille(h: Harness): number {
  return [...h.text()].filter((c) => c > '\u2800' && c <= '\u28ff' && c !== '⡇').length;
}

async function withHarness(o: Parameters<typeof startHarness>[0], fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness(o);
  try {
    await fn(h);
  } finally {
    h.close();
  }
}

test('every pane shows the engine values (120x40)', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    const header = h.lines().slice(0, 2).join('\n');
    for (const s of ['build-7', '6.18.0', 'up 3d04h', 'v1 memory + v2 (hybrid)', 'PSI yes', 'root', 'DRY-RUN', 'level medium', '500ms', '1.3% cpu 71M']) assert.ok(header.includes(s), s);
    assert.match(row(h, 'Mem['), /used 14G cache 3\.6G avail 9\.4G\/23G/);
    assert.match(row(h, 'Mem['), /#+A=+ +m\]/);
    assert.match(row(h, 'Swp'), /none +watermarks min 67M low 84M high 101M/);
    assert.match(row(h, 'P(OOM)'), /\[#+ +\] +42% +TTE 1m35s .*node/);
    assert.match(row(h, 'why '), /anon growing 48 MiB\/s; file refaults 2\.0k\/s; anon\+mapped at 61%/);
    // Four contrib line charts: titles with the latest values, the scale top and 0 on the y axes, braille lines.
    assert.match(row(h, /^iowait /), /^iowait 15% sys 7\.0% +1m59s +avail 12G wset 11G +1m59s +refault 2\.0k scan 5\.0k +1m59s +psi some 20% full 8\.0% +1m59s$/);
    assert.match(row(h, /^100%⡇/), /^100%⡇ .*23G⡇ .*5\.0k⡇.* 100%⡇/);
    assert.match(row(h, /^0 +⡇/), /^0 +⡇.* 0 +⡇.* 0 +⡇.* 0 +⡇/);
    assert.equal(chartRows(h).length, 7, 'graphs pane: a title row and 7 chart rows at 40 rows');
    assert.ok(braille(h) > 150, `braille dots drawn:\n${h.text()}`);
    assert.match(row(h, 'default/web-7f9c'), /160M +512M +25% +2\.0k +300 high +dry-run +5%/);
    assert.match(row(h, '/batch/job1 '), /^! \/batch\/job1 +3\.7G +4\.0G +74% .* 91%/);
    assert.match(row(h, '/system.slice '), /1\.5G +inf +- .* -$/);
    assert.match(row(h, 'logcollect'), /^> +1 +5100 app +logcollect +12\.5 +310M +0B +0 preferred by prefer\[0\] \(pri/);
    assert.match(row(h, ' java '), /^ +2 +4242 app +java +3\.2G .* \/batch\/job1/);
    // The engine is told which scope and PIDs are on screen (it measures their CPU %).
    const watched = h.engine.calls.filter((c) => c.method === 'watchRows').at(-1);
    assert.equal(watched?.args[0], 'node');
    assert.ok((watched?.args[1] as number[]).includes(5100) && (watched?.args[1] as number[]).includes(4242));
    assert.match(row(h, 'nginx'), /default\/web-7f9c$/);
    assert.match(row(h, ' kill '), /11:59:00 kill +node +10000 worker-0 +SIGTERM-~ +612M killed: freed/);
    assert.match(row(h, 'would-kill'), /4242 java +SIGTERM +dry-run/);
    assert.match(h.lines()[39]!, /^F1Help F2Rules F6SortBy F9Kill F10Quit \/Filter TabPane zFreeze/);
  }));

test('80x24 and 200x60 both lay out every pane; a resize redraws', () =>
  withHarness({ cols: 80, rows: 24 }, async (h) => {
    const check = (rows: number) => {
      const lines = h.lines();
      assert.equal(lines.length, rows);
      assert.match(lines[0]!, /^oomtop build-7/);
      assert.match(lines[1]!, /^ DRY-RUN /);
      row(h, 'Mem[');
      row(h, 'P(OOM)');
      row(h, /^iowait /);
      row(h, /^ +SCOPE +USAGE/);
      row(h, /^ +RANK +PID USER/);
      row(h, /^ +TIME +EVENT/);
      assert.match(lines[rows - 1]!, /^F1Help .*F9Kill F10Quit/);
    };
    check(24);
    assert.equal(h.lines().filter((l) => /^[> ] +\d+ +\d+ \S+ /.test(l)).length, 5, 'five process rows at 80x24');
    await h.resize(200, 60);
    check(60);
    // Taller charts (11 rows at 60); the kill list grows.
    assert.equal(chartRows(h).length, 11);
    assert.ok(h.lines().filter((l) => /^[> ] +\d+ +\d+ \S+ /.test(l)).length >= 15);
    await h.resize(80, 24);
    check(24);
  }));

test('hostile process names, cgroup paths, pod names and messages render inert and aligned', async () => {
  const hostile = '{red-fg}x\x1b[2J\u009b2J\x1b]0;pwned\x07\nY中😀';
  const make = (text: string): AppState => {
    const s = fixtureState({ hostileName: text });
    const pod = s.scopes.find((x) => x.pod)!;
    pod.label = `default/${text}`;
    const java = s.scopes.flatMap((x) => x.candidates).filter((c) => c.proc.pid === 4242);
    for (const c of java) c.proc.cmdline = text;
    s.events[3]!.message = text;
    return s;
  };
  const benign = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn';
  const a = await startHarness({ cols: 120, rows: 40, engine: new FakeEngine(make(hostile)) });
  const b = await startHarness({ cols: 120, rows: 40, engine: new FakeEngine(make(benign)) });
  const titles: string[] = [];
  a.term.onTitleChange((t) => titles.push(t));
  try {
    a.engine.emit();
    await a.settle();
    const la = a.lines();
    const lb = b.lines();
    let differing = 0;
    for (let y = 0; y < la.length; y++) {
      if (la[y] === lb[y]) continue;
      differing++;
      // Only the cells of the hostile text differ: both lines have the same width
      // and every column boundary (spaces around the other columns) is in place.
      const wa = [...la[y]!].reduce((n, ch) => n + (/[\u4e00-\u9fff\u{1f300}-\u{1faff}]/u.test(ch) ? 2 : 1), 0);
      assert.equal(wa, [...lb[y]!].length, `line ${y} width:\n${la[y]}\n${lb[y]}`);
    }
    // The pod row, the java row and the event row; nothing else moved.
    assert.ok(differing >= 3 && differing <= 5, `${differing} lines differ:\n${a.text()}`);
    assert.match(row(a, '4242'), / 4242 app +\{red-fg\}x\[2J2J\]\S*~ +3\.2G +0B +0 /);
    assert.match(row(a, 'default/{red-fg}'), /^ +default\/\{red-fg\}x\[2J2J\]0;pwnedY中😀 +160M +512M/);
    assert.deepEqual(titles, [], 'no OSC title change reached the terminal');
    assert.match(a.lines()[0]!, /^oomtop build-7/, 'the screen was not cleared');
    // And the same under a dialog quoting the name.
    await a.press(KEYS.down, 'k', '1');
    row(a, /Send SIGTERM to PID 4242 \(\{red-fg\}x\[2J2J\]0;pwnedY中😀, user app\)\?/);
    assert.match(a.lines()[0]!, /^oomtop build-7/);
    await a.press('n');
    assert.equal(a.engine.calls.filter((c) => c.method === 'manualKill').length, 0);
  } finally {
    a.close();
    b.close();
  }
});

test('selecting a scope row drives the gauge, graphs and kill list', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press(KEYS.shiftTab, KEYS.down);
    assert.match(row(h, 'P(OOM)'), /91% +TTE 6s +deficit 600M +level low +DANGER \/batch\/job1/);
    assert.match(row(h, 'why '), /anon\+mapped at 93% of limit/);
    row(h, /refault 2\.0k fail 300/);
    row(h, /^100%⡇ .* 4\.0G⡇/);
    const procRows = h.lines().filter((l) => /^[> ] +\d+ +\d+ \S+ /.test(l));
    assert.equal(procRows.length, 1);
    assert.match(procRows[0]!, /4242 app +java/);
    await h.press(KEYS.down, KEYS.down);
    assert.match(row(h, 'why '), /no policy covers this scope/);
    absent(h, ' logcollect ');
  }));

test('Tab switches panes, arrows move the selection, filter and sort change the rows', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press('/', 'w', 'o', 'r', 'k');
    row(h, /\[\/work 14\/20\]/);
    row(h, /Filter processes/);
    await h.press(KEYS.enter);
    absent(h, ' logcollect ');
    await h.press(KEYS.escape);
    row(h, ' logcollect ');
    await h.press(KEYS.f6, KEYS.f6);
    row(h, /RANK +PID▲ USER/);
    const first = h.lines().find((l) => /^[> ] +[-\d]+ +\d+ \S+ /.test(l))!;
    assert.match(first, /^ +- +1 root +systemd/);
    await h.press('I');
    row(h, /PID▼/);
    await h.press(KEYS.tab);
    row(h, /^ +TIME +EVENT/);
    await h.press(KEYS.f6);
    row(h, /TIME▼/);
  }));

test('freeze stops re-rendering from new state; collection continues and thaw shows it', () =>
  withHarness({ cols: 100, rows: 30 }, async (h) => {
    await h.press('z');
    row(h, ' FROZEN ');
    row(h, /view frozen: oomtop keeps sampling and enforcing/);
    const next = structuredClone(h.engine.getState());
    next.host.hostname = 'changed-host';
    next.self.cpuPct = 55;
    h.engine.emit(next);
    await h.settle();
    absent(h, 'changed-host');
    await h.press('z');
    row(h, /^oomtop changed-host/);
    absent(h, ' FROZEN ');
  }));

test('freeze holds even when the engine changes the same state object in place and a key or resize re-renders', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press('z');
    // Trailing blanks differ after a resize (cleared vs painted cells), the text must not.
    const visible = () => h.lines().map((l) => l.trimEnd());
    const frozen = visible();
    // What the real engine does: one AppState, changed in place, history arrays appended to.
    const live = h.engine.getState();
    for (const s of live.scopes) {
      const last = s.history.trend.at(-1)!;
      const next = { ...last, t: last.t + 1000, usage: last.capacity * 0.99, workingSet: last.capacity * 0.99, available: 0 };
      s.history.trend.push(next);
      s.history.trend.shift();
      s.history.points.push(next);
      s.history.points.shift();
    }
    const java = live.scopes[0]!.candidates.find((c) => c.proc.pid === 4242)!;
    java.reason = 'changed-in-place reason';
    java.rank = 99;
    live.scopes[0]!.candidates.reverse();
    live.events.push({ ...live.events.at(-1)!, t: live.events.at(-1)!.t + 5, message: 'new-event-message' });
    live.host.hostname = 'changed-host';
    live.counters.kills = 77;
    live.self.cpuPct = 55;
    live.cpu[5100] = 99;
    live.sample = { ...live.sample!, wallTime: live.sample!.wallTime + 3_600_000 };
    h.engine.emit(live);
    await h.settle();
    // A harmless key (an unbound one) and a resize both re-render.
    await h.press('~');
    await h.resize(121, 40);
    await h.resize(120, 40);
    assert.deepEqual(visible(), frozen);
    await h.press('z');
    row(h, /^oomtop changed-host/);
    absent(h, ' FROZEN ');
  }));

test('an exception while rendering or handling a key is shown in the status line and the TUI keeps going', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    const broken = structuredClone(h.engine.getState());
    // A process whose name cannot be read: the kill list's name column throws.
    Object.defineProperty(broken.scopes[0]!.candidates[0]!.proc, 'comm', {
      get() {
        throw new Error('renderer exploded\non two lines');
      },
    });
    assert.doesNotThrow(() => h.engine.emit(broken), 'the engine tick must not see the exception');
    await h.settle();
    assert.match(row(h, /display error/), /display error: renderer exploded +$/);
    absent(h, 'on two lines');
    // Keys go on being handled (building a command context reads the broken row too).
    await h.press(KEYS.down, 'p');
    row(h, /(display|key) error: renderer exploded/);
    await h.resize(100, 30);
    row(h, /display error: renderer exploded/);
    // The next good state renders normally again.
    h.engine.emit(structuredClone(fixtureState()));
    await h.settle();
    row(h, /^oomtop build-7/);
    assert.match(row(h, ' java '), /4242/);
    assert.deepEqual(h.exits, []);
  }));

test('arm asks for confirmation, then the header shows ARMED; quit when armed asks first', () =>
  withHarness({ cols: 100, rows: 30 }, async (h) => {
    await h.press('a');
    row(h, /ARM oomtop\? It will send signals/);
    await h.press('n');
    absent(h, ' ARMED ');
    assert.equal(h.engine.calls.filter((c) => c.method === 'setMode').length, 0);
    await h.press('a', 'y');
    assert.match(h.lines()[1]!, /^ ARMED /);
    assert.deepEqual(h.engine.calls.filter((c) => c.method === 'setMode').map((c) => c.args), [['armed']]);
    await h.press('q');
    row(h, /oomtop is ARMED\. Quit anyway\?/);
    await h.press('n');
    assert.deepEqual(h.exits, []);
    await h.press('d');
    assert.match(h.lines()[1]!, /^ DRY-RUN /);
    await h.press('m');
    assert.match(h.lines()[1]!, /^ MONITOR /);
    await h.press(KEYS.f10);
    assert.deepEqual(h.exits, ['quit']);
    assert.deepEqual(h.engine.calls.at(-1), { method: 'wantProcesses', args: [false] });
    assert.equal(h.engine.subscribers, 0);
  }));

test('kill the selected process by hand: choose the signal, confirm, see the event', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press(KEYS.down, KEYS.f9);
    row(h, /Send a signal to PID 4242/);
    row(h, /\[2\] SIGKILL/);
    await h.press('2');
    row(h, /Send SIGKILL to PID 4242 \(java, user app\)\?/);
    await h.press('y');
    assert.deepEqual(h.engine.calls.filter((c) => c.method === 'manualKill').map((c) => c.args), [[4242, 5242, 'SIGKILL']]);
    row(h, /SIGKILL PID 4242: exited/);
    assert.match(row(h, 'manual-kill'), /manual-kill +- +4242 java +SIGKILL +3\.2G exited/);
  }));

test('protect, kill-first, priority and clear become rules in the scope policy', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press(KEYS.down, 'p');
    row(h, /Protect: match by/);
    row(h, /\[c\] cmdline +cmdline=\^\/usr\/bin\/java -Xmx4g -jar job\\\.jar\$/);
    await h.press('c');
    assert.match(row(h, ' java '), /^ +- +4242 .*protected by protect\[1\]/);
    row(h, /protect rule added: cmdline=/);
    await h.press(KEYS.f2);
    row(h, /Rules of node/);
    row(h, /protect\[1\] cmdline=\^\/usr\/bin\/java/);
    await h.press(KEYS.escape);
    await h.press('g', 'x', 'p');
    const calls = h.engine.calls.filter((c) => c.method !== 'wantProcesses');
    assert.deepEqual(calls.at(-1), { method: 'addRule', args: [-1, 'prefer', { pid: 5100, startTime: 6100, priority: 100 }] });
    await h.press('+');
    assert.deepEqual(h.engine.calls.at(-1)!.method, 'updateRule');
    row(h, /prefer\[1\] now pid=5100 startTime=6100 priority=110/);
    await h.press('c');
    row(h, /Remove these rules/);
    await h.press('y');
    assert.deepEqual(h.engine.calls.at(-1), { method: 'removeRule', args: [-1, 'prefer', 1] });
  }));

test('level of a scope is chosen in a dialog', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press(KEYS.shiftTab, KEYS.down, 'l');
    row(h, /Level of \/batch\/job1/);
    await h.press('h');
    assert.deepEqual(h.engine.calls.at(-1), { method: 'setLevel', args: [0, 'high'] });
    assert.match(row(h, '/batch/job1 '), / high +dry-run/);
  }));

test('rule editor: add with the regex validated as typed, change, delete', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press('e');
    row(h, /> protect\[0\] name=\^sshd\$/);
    row(h, /prefer\[0\] name=\^logcollect\$ priority=10/);
    await h.press('a', 'f', '(', 'x');
    row(h, /New prefer rule/);
    row(h, /name +\(x_ +missing closing \)/);
    await h.press(KEYS.enter);
    assert.equal(h.engine.calls.filter((c) => c.method === 'addRule').length, 0);
    row(h, /name: missing closing \)/);
    await h.press(KEYS.backspace, KEYS.backspace, '^', 'b', 'a', 't', 'c', 'h');
    row(h, /name +\^batch_ +ok/);
    await h.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, '5');
    await h.press(KEYS.enter);
    assert.deepEqual(h.engine.calls.at(-1), { method: 'addRule', args: [-1, 'prefer', { name: '^batch', priority: 5 }] });
    row(h, /prefer\[1\] name=\^batch priority=5/);
    row(h, /added prefer rule/);
    // Change: last entry, priority 5 -> 57.
    await h.press(KEYS.down, KEYS.down, KEYS.enter);
    row(h, /Change prefer rule \[1\]/);
    await h.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, '7', KEYS.enter);
    assert.deepEqual(h.engine.calls.at(-1), { method: 'updateRule', args: [-1, 'prefer', 1, { name: '^batch', priority: 57 }] });
    await h.press('d');
    row(h, /Delete prefer\[1\] name=\^batch priority=57\?/);
    await h.press('y');
    assert.deepEqual(h.engine.calls.at(-1), { method: 'removeRule', args: [-1, 'prefer', 1] });
    absent(h, 'name=^batch');
    row(h, /deleted prefer\[1\]/);
    await h.press(KEYS.escape);
    absent(h, 'Rules of node');
  }));

test('rule editor: changing a "this process only" rule keeps its start time unless the PID is changed', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    const state = structuredClone(h.engine.getState());
    state.config.node.prefer.push({ pid: 5100, startTime: 6100, priority: 3 });
    h.engine.emit(state);
    await h.settle();
    await h.press('e', KEYS.down, KEYS.down, KEYS.enter);
    row(h, /Change prefer rule \[1\]/);
    // priority is the 8th field: 3 -> 37.
    await h.press(...Array<string>(7).fill(KEYS.down), '7', KEYS.enter);
    assert.deepEqual(h.engine.calls.at(-1), { method: 'updateRule', args: [-1, 'prefer', 1, { pid: 5100, startTime: 6100, priority: 37 }] });
    // A different PID is a different process: the old start time would never match it.
    await h.press(KEYS.enter, ...Array<string>(6).fill(KEYS.down), KEYS.backspace, '1', KEYS.enter);
    assert.deepEqual(h.engine.calls.at(-1), { method: 'updateRule', args: [-1, 'prefer', 1, { pid: 5101, priority: 37 }] });
  }));

test('help lists every key and closes on any other key', () =>
  withHarness({ cols: 100, rows: 40 }, async (h) => {
    await h.press('?');
    row(h, /oomtop keys/);
    row(h, /F1 \? h +Show every key/);
    row(h, /F9 k +Send a signal/);
    row(h, /F10 q Ctrl-C +Quit/);
    row(h, /\/ F3 F4 \\ +Filter/);
    await h.press(KEYS.escape);
    absent(h, 'oomtop keys');
    await h.press(KEYS.f1);
    row(h, /oomtop keys/);
  }));

test('config errors and actions on uncovered scopes are shown', () =>
  withHarness({ cols: 100, rows: 30 }, async (h) => {
    h.engine.emit({ ...h.engine.getState(), configError: 'oomtop.yaml:4: cgroups[0].level must be low, medium or high' });
    await h.settle();
    assert.match(h.lines()[28]!, /^ config error: oomtop\.yaml:4: cgroups\[0\]\.level must be low, medium or high/);
    h.engine.emit({ ...h.engine.getState(), configError: null });
    await h.settle();
    absent(h, 'config error');
    await h.press(KEYS.shiftTab, KEYS.down, KEYS.down, KEYS.down, 'l');
    row(h, /no policy covers \/system\.slice: its level cannot be set/);
    const s = h.engine.getState();
    h.engine.emit({ ...s, mode: 'monitor', modeNote: 'not root: monitor only', host: { ...s.host, root: false } });
    await h.settle();
    assert.match(h.lines()[0]!, /NOT ROOT$/);
    assert.match(h.lines()[1]!, /^ MONITOR +not root: monitor only/);
  }));

test('the terminals in use start without junk on stderr', async () => {
  for (const terminal of ['xterm', 'xterm-256color', 'screen', 'screen-256color', 'tmux', 'tmux-256color', 'linux', 'vt100', 'rxvt-unicode-256color', 'dumb']) {
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let h: Harness | undefined;
    try {
      h = await startHarness({ cols: 80, rows: 24, terminal });
      assert.match(h.lines()[0]!, /^oomtop build-7/, terminal);
      assert.match(h.lines()[23]!, /^F1Help/, terminal);
      await h.press(KEYS.down, 'z');
      row(h, ' FROZEN ');
    } finally {
      process.stderr.write = original;
      h?.close();
    }
    assert.deepEqual(written, [], terminal);
  }
});

test('blessed does not own signals or exceptions: the enforcer process survives the screen', async () => {
  const events = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'uncaughtException'] as const;
  const listeners = (ev: string) => process.listeners(ev as 'SIGTERM') as unknown[];
  const before = events.map((ev) => listeners(ev).length);
  await withHarness({}, async () => {
    const S = (blessed as unknown as { Screen: Record<string, unknown> }).Screen;
    assert.ok(S._exceptionHandler, 'blessed registered its handlers');
    for (const ev of events) {
      for (const name of ['_exceptionHandler', '_sigtermHandler', '_sigintHandler', '_sigquitHandler']) {
        assert.ok(!listeners(ev).includes(S[name]), `${ev}: blessed ${name} still installed`);
      }
    }
    assert.deepEqual(events.map((ev) => listeners(ev).length), before);
  });
});

test('SIGHUP: onExit(hangup), unsubscribed, nothing more written', () =>
  withHarness({}, async (h) => {
    let bytes = 0;
    h.output.on('data', (d: Buffer) => (bytes += d.length));
    process.emit('SIGHUP', 'SIGHUP');
    await h.settle();
    assert.deepEqual(h.exits, ['hangup']);
    assert.equal(h.engine.subscribers, 0);
    const before = bytes;
    h.engine.emit();
    h.input.write('q');
    await h.settle();
    assert.equal(bytes, before);
    assert.equal(process.listeners('SIGHUP').length, 0);
  }));

test('EIO or EPIPE on the terminal output is a hangup, never a crash', () =>
  withHarness({}, async (h) => {
    h.output.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    await h.settle();
    assert.deepEqual(h.exits, ['hangup']);
    // A late EPIPE still finds a listener.
    h.output.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.equal(h.engine.subscribers, 0);
  }));

test('one render per tick however many updates arrive', () =>
  withHarness({}, async (h) => {
    const screen = h.tui.screen as unknown as { render(): void };
    const original = screen.render.bind(screen);
    let renders = 0;
    screen.render = () => {
      renders++;
      original();
    };
    for (let i = 0; i < 20; i++) h.engine.emit();
    await h.settle();
    assert.equal(renders, 1);
  }));

test('themes reach the terminal: ARMED is white on red in default, NO_COLOR leaves no color at all', async () => {
  const colored = (h: Harness) => {
    let n = 0;
    const buf = h.term.buffer.active;
    for (let y = 0; y < h.term.rows; y++) {
      const line = buf.getLine(y)!;
      for (let x = 0; x < h.term.cols; x++) {
        const c = line.getCell(x)!;
        if (!c.isFgDefault() || !c.isBgDefault()) n++;
      }
    }
    return n;
  };
  const saved = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  const engine = new FakeEngine();
  await engine.setMode('armed');
  await withHarness({ engine }, async (h) => {
    const badge = h.term.buffer.active.getLine(1)!.getCell(2)!;
    assert.equal(badge.getBgColor(), 1, 'red background');
    assert.ok(badge.isBold());
    assert.ok(colored(h) > 100);
  });
  process.env.NO_COLOR = '1';
  try {
    await withHarness({ engine }, async (h) => {
      assert.equal(colored(h), 0);
      assert.ok(h.term.buffer.active.getLine(1)!.getCell(2)!.isInverse(), 'ARMED still stands out (inverse)');
    });
  } finally {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  }
});

/** Text of columns [from, to) of a screen line. */
function cols(line: string, from: number, to: number): string {
  return [...line.padEnd(to)].slice(from, to).join('');
}

const hasDots = (text: string) => [...text].some((c) => c > '\u2800' && c <= '\u28ff' && c !== '⡇');

test('charts follow the data: a new point redraws the charts that show it, an unchanged trend redraws nothing', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    const redraws = () => h.tui.charts.map((c) => c.redraws);
    const before = redraws();
    const cpuTop = () => cols(chartRows(h)[0]!, 0, 29);
    assert.ok(!hasDots(cpuTop()), 'iowait 15% stays near the bottom of a 100% scale');
    // Same trend in a new state object: screen renders, canvases do not.
    h.engine.emit(structuredClone(h.engine.getState()));
    await h.settle();
    assert.deepEqual(redraws(), before);
    /** The node's trend gains a point 0.5 s after its last one, with this iowait. */
    const nodePoint = async (iowait: number) => {
      const s = structuredClone(h.engine.getState());
      const node = s.scopes.find((x) => x.kind === 'node')!;
      const last = node.history.trend.at(-1)!;
      node.history.trend.push({ ...last, t: last.t + 500, rates: { ...last.rates, iowait } });
      h.engine.emit(s);
      await h.settle();
    };
    // A new point whose values land on the same dots (iowait 15% -> 15.4% of a 100% scale) redraws nothing either.
    await nodePoint(15.4);
    assert.match(row(h, /^iowait /), /^iowait 15% /);
    assert.deepEqual(redraws(), before, 'no dot moved');
    // The node gains a point with 95% iowait: the CPU chart's line reaches its top row at the right.
    await nodePoint(95);
    assert.match(row(h, /^iowait /), /^iowait 95% sys 7\.0% +2m00s/);
    assert.ok(hasDots(cols(cpuTop(), 20, 29)), `cpu chart top row:\n${h.text()}`);
    // Dots stand for 3 s here: the new point lands in the newest dot. Only the CPU
    // chart's dot changed (95%); the other charts' point repeats the last values.
    const after = [before[0]! + 1, ...before.slice(1)];
    assert.deepEqual(redraws(), after);
    await h.press('z', 'z');
    assert.deepEqual(redraws(), after, 'keys alone redraw no canvas');
  }));

test('resizing rebuilds the canvases: the newest point is drawn in the last column at every size', () =>
  withHarness({ cols: 80, rows: 24 }, async (h) => {
    const lastColumnDots = (c: number) => chartRows(h).some((l) => hasDots(cols(l, c - 1, c)));
    assert.ok(lastColumnDots(80));
    await h.resize(200, 60);
    assert.ok(lastColumnDots(200), h.text());
    assert.equal(chartRows(h).length, 11);
    await h.resize(120, 40);
    assert.ok(lastColumnDots(120), h.text());
    assert.match(row(h, /^100%⡇/), /^100%⡇ {25}/, 'no dots left over from the wider canvas');
  }));

test('an unlimited cgroup draws no made-up avail line; PSI missing on the kernel is said, not drawn', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    await h.press(KEYS.shiftTab, KEYS.down, KEYS.down, KEYS.down);
    row(h, /avail - wset 1\.2G/);
    // Only wset (near the scale top) is drawn: the memory chart's bottom row is empty.
    const rows = chartRows(h);
    assert.ok(!hasDots(cols(rows.at(-1)!, 31, 59)), h.text());
    assert.ok(hasDots(cols(rows[0]!, 31, 59)), h.text());
    const s = structuredClone(h.engine.getState());
    for (const v of s.scopes) for (const p of [...v.history.trend, ...v.history.points]) Object.assign(p.rates, { psiSome: null, psiFull: null });
    h.engine.emit(s);
    await h.settle();
    row(h, / psi: not on this kernel/);
    assert.ok(chartRows(h).every((l) => !hasDots(cols(l, 90, 120))), h.text());
  }));

test('chart lines and axis labels take the theme colours', () =>
  withHarness({ cols: 120, rows: 40 }, async (h) => {
    const y0 = h.lines().findIndex((l) => /^100%⡇/.test(l));
    const colours = new Set<number>();
    const buf = h.term.buffer.active;
    for (let y = y0; y < y0 + 7; y++) {
      for (let x = 5; x < 29; x++) {
        const c = buf.getLine(y)!.getCell(x)!;
        if (hasDots(c.getChars())) colours.add(c.getFgColor());
      }
    }
    // default theme: graph cyan (6) for iowait, memUsed green (2) for sys.
    assert.deepEqual([...colours].sort(), [2, 6]);
    assert.equal(buf.getLine(y0)!.getCell(0)!.getFgColor(), 6, 'axis label in the label role (cyan)');
  }));
