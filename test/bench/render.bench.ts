// Render cost per frame of the full TUI with 500 processes (fake engine) into
// a headless xterm, and the bytes each frame sends to the terminal (what a
// slow SSH link pays). Baseline, measured in the same run: blessed rendering
// one box holding a screenful of static text of the same size, i.e. the
// terminal layer alone. Prints the figures and writes results/render.json.
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import blessed from 'blessed';
import { FakeEngine, fixtureState } from '../ui/fake-engine.js';
import type { AppState } from '../../src/app/types.js';
import { startHarness } from '../ui/harness.js';

const COLS = 120;
const ROWS = 40;
const FRAMES = 200;
const PROCESSES = 500;

function stats(xs: number[]) {
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: +q(0.5).toFixed(3), p95: +q(0.95).toFixed(3), max: +s[s.length - 1]!.toFixed(3) };
}

/**
 * The next tick: processes' RSS jitter, counters advance, and (when `point`)
 * one new trend point per scope. The trend gains a point a second while the
 * engine ticks every 100-1000 ms, so both kinds of frame are measured.
 */
function tick(prev: AppState, i: number, point = true): AppState {
  const s: AppState = { ...prev, counters: { ...prev.counters, samples: prev.counters.samples + 1 } };
  s.scopes = prev.scopes.map((v) => {
    if (!point) {
      const candidates = v.candidates.map((c, k) => (k % 25 === i % 25 ? { ...c, proc: { ...c.proc, rss: c.proc.rss + 4096 * (i % 5) } } : c));
      return { ...v, candidates };
    }
    const last = v.history.trend.at(-1)!;
    const p = { ...last, t: last.t + 1000, usage: last.usage * (1 + ((i % 7) - 3) / 1000), rates: { ...last.rates, iowait: (i * 13) % 40, refaultFile: (i * 97) % 3000 } };
    const trend = [...v.history.trend.slice(1), p];
    const candidates = v.candidates.map((c, k) => (k % 25 === i % 25 ? { ...c, proc: { ...c.proc, rss: c.proc.rss + 4096 * (i % 5) } } : c));
    return { ...v, history: { ...v.history, trend, points: trend.slice(-60) }, candidates };
  });
  return s;
}

async function measureTui(point: boolean) {
  const engine = new FakeEngine(fixtureState({ processes: PROCESSES, points: 600 }));
  const h = await startHarness({ cols: COLS, rows: ROWS, engine });
  let bytes = 0;
  h.output.on('data', (d: Buffer) => (bytes += d.length));
  const screen = h.tui.screen as unknown as { render(): void };
  const original = screen.render.bind(screen);
  let ended = 0;
  screen.render = () => {
    original();
    ended = performance.now();
  };
  const times: number[] = [];
  const sizes: number[] = [];
  let state = engine.getState();
  for (let i = 0; i < FRAMES; i++) {
    state = tick(state, i, point);
    bytes = 0;
    const t0 = performance.now();
    engine.emit(state);
    await h.settle();
    times.push(ended - t0);
    sizes.push(bytes);
  }
  bytes = 0;
  engine.emit(engine.getState());
  await h.settle();
  const unchanged = bytes;
  h.close();
  return { times: stats(times.slice(10)), bytes: stats(sizes.slice(10)), unchangedBytes: unchanged };
}

async function measureBaseline(text: string) {
  const output = new PassThrough();
  const input = new PassThrough();
  Object.assign(output, { isTTY: true, columns: COLS, rows: ROWS });
  Object.assign(input, { isTTY: true, setRawMode: () => input });
  output.resume();
  const screen = blessed.screen({ input, output, terminal: 'xterm', fullUnicode: true, smartCSR: true });
  const box = blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: '100%', tags: true });
  const times: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const t0 = performance.now();
    // Same screenful, one digit changed per frame: blessed parses and diffs it all.
    box.setContent(text.replace(/\d/, String(i % 10)));
    screen.render();
    times.push(performance.now() - t0);
    await new Promise((r) => setImmediate(r));
  }
  screen.destroy();
  return stats(times.slice(10));
}

async function main() {
  const capture = await startHarness({ cols: COLS, rows: ROWS, engine: new FakeEngine(fixtureState({ processes: PROCESSES, points: 600 })) });
  const text = capture.lines().join('\n');
  capture.close();
  const baseline = await measureBaseline(text);
  const tui = await measureTui(true);
  const noPoint = await measureTui(false);
  const result = {
    terminal: `${COLS}x${ROWS}`,
    processes: PROCESSES,
    frames: FRAMES,
    frameMs: tui.times,
    baselineMs: baseline,
    ratioMedian: +(tui.times.median / baseline.median).toFixed(2),
    frameMsNoTrendPoint: noPoint.times,
    ratioMedianNoTrendPoint: +(noPoint.times.median / baseline.median).toFixed(2),
    bytesPerFrame: tui.bytes,
    bytesUnchangedFrame: tui.unchangedBytes,
    fullScreenChars: text.length,
    note: 'frameMs: engine update with a new trend point in every scope (all four charts redraw) -> screen.render done (pane rendering, blessed parse+diff, one event-loop turn); frameMsNoTrendPoint: the same without a new trend point (charts keep their canvas); baseline: blessed rendering one box with the same screenful of static text',
  };
  console.log(JSON.stringify(result, null, 2));
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}render.json`, JSON.stringify(result, null, 2) + '\n');
}

await main();
