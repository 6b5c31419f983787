import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS, KILL_FIRST_PRIORITY, exactPattern, ruleFor, type Asker, type CommandContext } from '../../src/app/commands.js';
import { buildKeymap, keyLabel, lookupKey } from '../../src/app/keymap.js';
import { FakeEngine } from './fake-engine.js';
import { ViewModel } from '../../src/ui/view.js';

/** A context whose dialogs answer from a script, in order. */
function contextFor(engine: FakeEngine, answers: unknown[], pick: { scope?: string; pid?: number } = {}) {
  const view = new ViewModel(engine.getState());
  if (pick.scope) view.select('cgroups', pick.scope);
  const asked: string[] = [];
  const statuses: { text: string; kind: string }[] = [];
  let quits = 0;
  const next = (what: string) => {
    asked.push(what);
    if (answers.length === 0) throw new Error(`unexpected dialog: ${what}`);
    return answers.shift();
  };
  const ask: Asker = {
    confirm: async (title) => next(`confirm:${title}`) as boolean,
    choose: async (title) => next(`choose:${title}`) as never,
    prompt: async (title) => next(`prompt:${title}`) as string | null,
    editRules: async () => void next('editRules'),
    help: () => void next('help'),
  };
  const ctx = (): CommandContext => {
    const scope = view.scope();
    const candidate = pick.pid ? (scope?.candidates.find((c) => c.proc.pid === pick.pid) ?? null) : view.candidate();
    return {
      engine,
      state: engine.getState(),
      scope,
      candidate,
      view,
      ask,
      status: (text, kind = 'info') => void statuses.push({ text, kind }),
      quit: () => void quits++,
    };
  };
  return { ctx, asked, statuses, quits: () => quits, view };
}

const run = (id: string, ctx: CommandContext) => COMMANDS.find((c) => c.id === id)!.run(ctx);
const mutations = (e: FakeEngine) => e.calls.filter((c) => c.method !== 'wantProcesses');

test('keymap: every default key is bound once, htop keys are present, lookups by char and name', () => {
  const map = buildKeymap();
  for (const [key, id] of [['f1', 'help'], ['f3', 'filter'], ['/', 'filter'], ['f4', 'filter'], ['f6', 'sort'], ['f9', 'kill'], ['k', 'kill'], ['f10', 'quit'], ['q', 'quit'], ['?', 'help'], ['tab', 'next-pane']]) {
    assert.equal(map.get(key), id, key);
  }
  assert.equal(lookupKey(map, '?', '?'), 'help');
  assert.equal(lookupKey(map, 'G', 'S-g'), 'bottom');
  assert.equal(lookupKey(map, '\r', 'enter'), 'open-scope');
  assert.equal(lookupKey(map, ' ', 'space'), 'page-down');
  assert.throws(() => buildKeymap(COMMANDS, { q: 'nope' }), /no command "nope"/);
  const remapped = buildKeymap(COMMANDS, { q: null, Q: 'quit' });
  assert.equal(remapped.get('q'), undefined);
  assert.equal(remapped.get('Q'), 'quit');
  assert.equal(keyLabel('S-tab'), 'Shift-Tab');
  assert.equal(keyLabel('f10'), 'F10');
});

test('protect by name adds an anchored literal protect rule to the scope policy', async () => {
  const engine = new FakeEngine();
  const { ctx } = contextFor(engine, ['name'], { pid: 4242 });
  await run('protect', ctx());
  assert.deepEqual(mutations(engine), [{ method: 'addRule', args: [-1, 'protect', { name: '^java$' }] }]);
  const java = engine.getState().scopes[0]!.candidates.find((c) => c.proc.pid === 4242)!;
  assert.equal(java.eligible, false);
  assert.match(java.reason, /protected by protect\[1\]/);
});

test('rules name a process by name, cmdline (regex-quoted) or exact PID', () => {
  const c = new FakeEngine().getState().scopes[0]!.candidates.find((x) => x.proc.pid === 4242)!;
  // PID plus start time: a later process that reuses PID 4242 is not named by it.
  assert.deepEqual(ruleFor(c, 'pid'), { pid: 4242, startTime: c.proc.startTime });
  assert.deepEqual(ruleFor(c, 'cmdline'), { cmdline: '^/usr/bin/java -Xmx4g -jar job\\.jar$' });
  assert.equal(exactPattern('a.b(c)*'), '^a\\.b\\(c\\)\\*$');
});

test('kill-first adds a prefer rule with the kill-first priority, in the selected cgroup scope', async () => {
  const engine = new FakeEngine();
  const { ctx } = contextFor(engine, ['pid'], { scope: '/batch/job1', pid: 4242 });
  await run('kill-first', ctx());
  const startTime = engine.getState().scopes[1]!.candidates.find((c) => c.proc.pid === 4242)!.proc.startTime;
  assert.deepEqual(mutations(engine), [{ method: 'addRule', args: [0, 'prefer', { pid: 4242, startTime, priority: KILL_FIRST_PRIORITY }] }]);
});

test('raise and lower change the prefer rule that placed the process, or add one', async () => {
  const engine = new FakeEngine();
  const a = contextFor(engine, [], { pid: 5100 });
  await run('raise', a.ctx());
  assert.deepEqual(mutations(engine).at(-1), { method: 'updateRule', args: [-1, 'prefer', 0, { name: '^logcollect$', priority: 20 }] });
  const b = contextFor(engine, ['name'], { pid: 10001 });
  await run('lower', b.ctx());
  assert.deepEqual(mutations(engine).at(-1), { method: 'addRule', args: [-1, 'prefer', { name: '^worker-1$', priority: -10 }] });
});

test('clear removes the rules naming the process after confirmation', async () => {
  const engine = new FakeEngine();
  const no = contextFor(engine, [false], { pid: 812 });
  await run('clear', no.ctx());
  assert.deepEqual(mutations(engine), []);
  const yes = contextFor(engine, [true], { pid: 812 });
  await run('clear', yes.ctx());
  assert.deepEqual(mutations(engine), [{ method: 'removeRule', args: [-1, 'protect', 0] }]);
  const none = contextFor(engine, [], { pid: 10003 });
  await run('clear', none.ctx());
  assert.match(none.statuses[0]!.text, /no protect or prefer rule/);
});

test('a scope no policy covers refuses rule and level edits with a visible reason', async () => {
  const engine = new FakeEngine();
  const { ctx, statuses } = contextFor(engine, [], { scope: '/system.slice' });
  await run('level', ctx());
  await run('rules', ctx());
  assert.equal(mutations(engine).length, 0);
  assert.equal(statuses.length, 2);
  for (const s of statuses) {
    assert.equal(s.kind, 'error');
    assert.match(s.text, /no policy covers \/system\.slice/);
  }
});

test('level is chosen from a dialog and set on the scope policy', async () => {
  const engine = new FakeEngine();
  const { ctx, asked } = contextFor(engine, ['high'], { scope: '/batch/job1' });
  await run('level', ctx());
  assert.deepEqual(asked, ['choose:Level of /batch/job1']);
  assert.deepEqual(mutations(engine), [{ method: 'setLevel', args: [0, 'high'] }]);
});

test('arming asks first; dry-run and disarm do not', async () => {
  const engine = new FakeEngine();
  const declined = contextFor(engine, [false]);
  await run('arm', declined.ctx());
  assert.deepEqual(mutations(engine), []);
  const accepted = contextFor(engine, [true]);
  await run('arm', accepted.ctx());
  assert.deepEqual(mutations(engine), [{ method: 'setMode', args: ['armed'] }]);
  const plain = contextFor(engine, []);
  await run('disarm', plain.ctx());
  await run('dry-run', plain.ctx());
  assert.deepEqual(mutations(engine).slice(1), [
    { method: 'setMode', args: ['monitor'] },
    { method: 'setMode', args: ['dry-run'] },
  ]);
});

test('manual kill chooses the signal, confirms, and passes the identity (PID + start time)', async () => {
  const engine = new FakeEngine();
  const cancelled = contextFor(engine, ['SIGKILL', false], { pid: 4242 });
  await run('kill', cancelled.ctx());
  assert.deepEqual(mutations(engine), []);
  const sent = contextFor(engine, ['SIGKILL', true], { pid: 4242 });
  await run('kill', sent.ctx());
  assert.deepEqual(mutations(engine), [{ method: 'manualKill', args: [4242, 1000 + 4242, 'SIGKILL'] }]);
  assert.match(sent.statuses[0]!.text, /SIGKILL PID 4242: exited/);
  assert.equal(engine.getState().events.at(-1)!.type, 'manual-kill');
});

test('engine failures become error statuses', async () => {
  const engine = new FakeEngine();
  engine.failNext = 'config file is read-only';
  const { ctx, statuses } = contextFor(engine, ['name'], { pid: 4242 });
  await run('protect', ctx());
  assert.equal(statuses[0]!.kind, 'error');
  assert.match(statuses[0]!.text, /read-only/);
});

test('quit asks first only when armed', async () => {
  const calm = contextFor(new FakeEngine(), []);
  await run('quit', calm.ctx());
  assert.equal(calm.quits(), 1);
  const armedEngine = new FakeEngine();
  await armedEngine.setMode('armed');
  const armed = contextFor(armedEngine, [false, true]);
  await run('quit', armed.ctx());
  assert.equal(armed.quits(), 0);
  await run('quit', armed.ctx());
  assert.equal(armed.quits(), 1);
});

test('every command has a title and at least one key; ids are unique', () => {
  const ids = new Set<string>();
  for (const c of COMMANDS) {
    assert.ok(c.title.length > 5, c.id);
    assert.ok(c.keys.length > 0, c.id);
    assert.ok(!ids.has(c.id), c.id);
    ids.add(c.id);
  }
});
