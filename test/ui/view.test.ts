import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeEngine, fixtureState } from './fake-engine.js';
import { computeLayout } from '../../src/ui/layout.js';
import { autoMax, fillGaps, timeBuckets } from '../../src/ui/graph.js';
import { canvasColor, mergeColourRuns } from '../../src/ui/trend-chart.js';
import { formToRule, regexError } from '../../src/ui/rule-editor.js';
import { ViewModel } from '../../src/ui/view.js';

test('selection follows the process (PID + start time), not the row index', () => {
  const engine = new FakeEngine();
  const view = new ViewModel(engine.getState());
  view.move('down'); // rank 2: java, PID 4242
  assert.equal(view.candidate()!.proc.pid, 4242);
  // The next tick ranks java first: the selection stays on java.
  const s = structuredClone(engine.getState());
  const node = s.scopes[0]!;
  const java = node.candidates.findIndex((c) => c.proc.pid === 4242);
  node.candidates.unshift(...node.candidates.splice(java, 1));
  view.update(s);
  assert.equal(view.candidate()!.proc.pid, 4242);
  assert.equal(view.processRows().index, 0);
  // When it is gone, the selection stays at the same place in the list.
  node.candidates.shift();
  view.update(s);
  assert.equal(view.processRows().index, 0);
});

test('selecting a scope row makes it the scope of the kill list', () => {
  const view = new ViewModel(fixtureState());
  view.focusPane('cgroups');
  view.move('down');
  assert.equal(view.scope()!.id, '/batch/job1');
  assert.deepEqual(
    view.processRows().rows.map((c) => c.proc.pid),
    [4242],
  );
});

test('filter narrows the focused table; sort cycles through sortable columns and back', () => {
  const view = new ViewModel(fixtureState());
  view.setFilter('WORKER');
  const r = view.processRows();
  assert.equal(r.rows.length, 14);
  assert.ok(r.total > r.rows.length);
  view.setFilter('');
  view.cycleSort(1); // RANK
  view.cycleSort(1); // PID ascending
  assert.equal(view.tables.processes.sortBy, 'pid');
  const pids = view.processRows().rows.map((c) => c.proc.pid);
  assert.deepEqual(pids, pids.slice().sort((a, b) => a - b));
  view.invertSort();
  assert.equal(view.processRows().rows[0]!.proc.pid, Math.max(...pids));
  view.cycleSort(-1);
  view.cycleSort(-1);
  assert.equal(view.tables.processes.sortBy, null);
});

test('freezing keeps the shown state while updates arrive; thawing shows the latest', () => {
  const a = fixtureState();
  const view = new ViewModel(a);
  view.setFrozen(true);
  const b = { ...a, mode: 'armed' as const };
  view.update(b);
  assert.equal(view.state.mode, 'dry-run');
  view.setFrozen(false);
  assert.equal(view.state.mode, 'armed');
});

test('scrolling keeps the selection inside the visible rows', () => {
  const view = new ViewModel(fixtureState({ processes: 100 }));
  view.heights.processes = 5;
  for (let i = 0; i < 12; i++) view.move('down');
  const r = view.processRows();
  assert.equal(r.index, 12);
  assert.ok(r.index >= r.offset && r.index < r.offset + 5);
  view.move('top');
  assert.equal(view.processRows().offset, 0);
  view.move('bottom');
  assert.equal(view.processRows().index, view.processRows().rows.length - 1);
});

test('layout fills 80x24 and 200x60 exactly, footer on the last row', () => {
  for (const [cols, rows] of [
    [80, 24],
    [200, 60],
    [120, 40],
  ] as const) {
    for (const status of [false, true]) {
      const l = computeLayout(cols, rows, 4, status);
      assert.equal(l.footer.top, rows - 1);
      const used = l.events.top + l.events.height;
      assert.equal(used, rows - 1 - (status ? 1 : 0), `${cols}x${rows} status=${status}`);
      assert.ok(l.processes.height >= 4);
    }
  }
  assert.equal(computeLayout(80, 24, 4, false).graphs.height, 4);
  assert.equal(computeLayout(200, 60, 4, false).graphs.height, 12);
});

test('chart data: gaps filled, squeezed into round time steps keeping the worst case, colours mapped', () => {
  assert.deepEqual(fillGaps([null, 3, null, Infinity, 5]), [0, 3, 3, 3, 5]);
  assert.equal(autoMax([null, 0]), 1);
  assert.equal(autoMax([2, Infinity, 7]), 7);
  // 100 s of points into 10 dots: 10 s steps on round times; a one-second spike
  // survives as the bucket max, a dip as the bucket min.
  const times = Array.from({ length: 100 }, (_, i) => 1_000_000 + i * 1000);
  const spiky = times.map((_, i) => (i === 42 ? 90 : 1));
  assert.deepEqual(timeBuckets(times, spiky, 10, 'max'), [1, 1, 1, 1, 90, 1, 1, 1, 1, 1]);
  assert.deepEqual(timeBuckets(times, spiky.map((v) => 100 - v), 10, 'min'), [99, 99, 99, 99, 10, 99, 99, 99, 99, 99]);
  // A new point in the newest bucket changes only that dot; older dots keep their values.
  const more = timeBuckets([...times, 1_099_500], [...spiky, 50], 10, 'max');
  assert.deepEqual(more.slice(0, -1), timeBuckets(times, spiky, 10, 'max').slice(0, -1));
  assert.equal(more.at(-1), 50);
  // Fewer points than dots: one dot each; a gap in time repeats the dot before.
  assert.deepEqual(timeBuckets([0, 1000, 2000], [1, 2, 3], 10, 'max'), [1, 2, 3]);
  assert.deepEqual(timeBuckets([0, 3000], [1, 2], 10, 'max'), [1, 1, 1, 2]);
  assert.deepEqual([canvasColor({ fg: 'cyan' }), canvasColor({ fg: 'light-red' }), canvasColor({ fg: 'grey' }), canvasColor({ fg: '#ff8000' }), canvasColor({})], ['cyan', 9, 8, [255, 128, 0], 'normal']);
});

test('rule form: regexes validated with re2, numbers checked, at least one matcher', () => {
  assert.equal(regexError('^java$'), null);
  assert.match(regexError('(a') ?? '', /missing closing \)/);
  // Backreferences are not RE2: rejected like the policy loader would.
  assert.ok(regexError('(a)\\1'));
  assert.deepEqual(formToRule('prefer', { name: '^x$', priority: '5', grace: '0' }), { rule: { name: '^x$', priority: 5, grace: 0 } });
  assert.deepEqual(formToRule('protect', { pid: '42' }), { rule: { pid: 42 } });
  assert.match((formToRule('protect', {}) as { error: string }).error, /at least one/);
  assert.match((formToRule('prefer', { name: 'x', priority: 'high' }) as { error: string }).error, /priority/);
  assert.match((formToRule('protect', { pid: '0' }) as { error: string }).error, /positive integer/);
});

test('colour runs of the braille frame merge into one code; text and other colours keep theirs', () => {
  const A = '\x1b[36m';
  const B = '\x1b[32m';
  const R = '\x1b[39m';
  assert.equal(mergeColourRuns(`${A}⠁${R}${A}⠂${R}${A}⠄${R} ${A}⠁${R}${B}⠂${R}\n`), `${A}⠁⠂⠄${R} ${A}⠁${R}${B}⠂${R}\n`);
  const label = `${A}\x1b[49m100%${R}\x1b[49m${A}⡇${R}`;
  assert.equal(mergeColourRuns(label), label);
});
