// Pure renderers: (state, view, theme, size) -> tagged lines, one function per
// pane. The TUI puts each result into its own box; blessed diffs the cells.
import type { AppState, ScopeView } from '../app/types.js';
import type { Command, PaneId } from '../app/commands.js';
import { keyLabel, keysOf, type Keymap } from '../app/keymap.js';
import type { ScopePoint } from '../model/types.js';
import type { Candidate } from '../policy/types.js';
import type { OomtopEvent } from '../report/types.js';
import { EVENT_COLUMNS, PROCESS_COLUMNS, SCOPE_COLUMNS, layoutColumns, type Column } from './columns.js';
import { fmtBytes, fmtDuration, fmtPct, fmtPercentValue, fmtRate } from './format.js';
import { autoMax, sparkRows } from './graph.js';
import { LineBuilder } from './line.js';
import { cell, fit } from './text.js';
import type { Role, Theme } from './theme.js';
import type { Rows, ViewModel } from './view.js';

const MODE_ROLE = { armed: 'armed', 'dry-run': 'dryRun', monitor: 'monitor' } as const;

export function headerLines(state: AppState, view: ViewModel, theme: Theme, width: number): string[] {
  const h = state.host;
  const now = state.sample?.wallTime ?? Date.now();
  const a = new LineBuilder(theme, width)
    .add('oomtop ', 'title')
    .add(h.hostname, 'header')
    .add('  kernel ', 'label')
    .add(h.kernel, 'header')
    .add('  up ', 'label')
    .add(fmtDuration((now - h.bootTime) / 1000), 'header')
    .add('  cgroup ', 'label')
    .add(h.cgroupVersions, 'header')
    .add('  PSI ', 'label')
    .add(h.psi ? 'yes' : 'no', 'header')
    .add(h.root ? '  root' : '  NOT ROOT', h.root ? 'header' : 'warn');
  const scope = view.scope();
  // Mode, freeze and the reason a mode was forced come first: they must survive 80 columns.
  const b = new LineBuilder(theme, width).add(` ${state.mode.toUpperCase()} `, MODE_ROLE[state.mode]);
  if (view.frozen) b.add(' ').add(' FROZEN ', 'frozen');
  if (state.modeNote) b.add('  ').add(state.modeNote, 'warn');
  b.add('  level ', 'label')
    .add(state.config.node.level, 'header');
  if (scope && scope.kind !== 'node' && scope.level) b.add(` (${scope.level} here)`, 'header');
  b.add('  every ', 'label')
    .add(`${state.intervalMs}ms`, 'header')
    .add('  self ', 'label')
    .add(`${fmtPercentValue(state.self.cpuPct)} cpu ${fmtBytes(state.self.rss)}`, 'header')
    .add('  kills ', 'label')
    .add(`${state.counters.kills} (${state.counters.wouldKills} dry-run)`, 'header');
  return [a.toString(), b.toString()];
}

/** Cell index of a byte position on a bar of `cells` cells spanning `total` bytes. */
function cellAt(bytes: number, total: number, cells: number): number {
  return Math.max(0, Math.min(cells - 1, Math.floor((bytes / total) * cells)));
}

export function memoryLines(state: AppState, theme: Theme, width: number): string[] {
  const node = state.sample?.node;
  if (!node) return [new LineBuilder(theme, width).add('Mem ', 'label').add('waiting for the first sample', 'header').toString(), ''];
  const m = node.meminfo;
  const total = m.memTotal;
  const cache = m.buffers + m.cached + m.sReclaimable;
  const used = Math.max(0, total - m.memFree - cache);
  const text = ` used ${fmtBytes(used)} cache ${fmtBytes(cache)} avail ${fmtBytes(m.memAvailable)}/${fmtBytes(total)}`;
  const cells = Math.max(10, width - 5 - text.length);
  const kinds: ('used' | 'cache' | 'free')[] = [];
  const usedCells = Math.round((used / total) * cells);
  const cacheCells = Math.min(cells - usedCells, Math.round((cache / total) * cells));
  for (let i = 0; i < cells; i++) kinds.push(i < usedCells ? 'used' : i < usedCells + cacheCells ? 'cache' : 'free');
  const glyph = { used: '#', cache: '=', free: ' ' };
  const chars = kinds.map((k) => glyph[k]);
  const marks = new Map<number, string>();
  // Right of "A" is what the kernel calls available; m/l/h are where free memory
  // would reach the min/low/high watermarks (min wins when they share a cell).
  marks.set(cellAt(total - m.memAvailable, total, cells), 'A');
  marks.set(cellAt(total - node.watermarks.high, total, cells), 'h');
  marks.set(cellAt(total - node.watermarks.low, total, cells), 'l');
  marks.set(cellAt(total - node.watermarks.min, total, cells), 'm');
  let bar = '';
  for (let i = 0; i < cells; i++) {
    const mark = marks.get(i);
    bar += mark ? theme.paint('watermark', mark) : theme.paint(kinds[i] === 'used' ? 'memUsed' : kinds[i] === 'cache' ? 'memCache' : 'memFree', chars[i]!);
  }
  const line1 = new LineBuilder(theme, width).add('Mem', 'label').add('[').addTagged(bar, cells).add(']').add(text, 'header');
  const wm = node.watermarks;
  const line2 = new LineBuilder(theme, width).add('Swp', 'label');
  if (m.swapTotal > 0) {
    const scells = 12;
    const su = Math.round(((m.swapTotal - m.swapFree) / m.swapTotal) * scells);
    line2.add('[').addTagged(theme.paint('memUsed', '#'.repeat(su)) + ' '.repeat(scells - su), scells).add(']');
    line2.add(` ${fmtBytes(m.swapTotal - m.swapFree)}/${fmtBytes(m.swapTotal)}`, 'header');
  } else line2.add(' none', 'header');
  line2
    .add('  watermarks ', 'label')
    .add(`min ${fmtBytes(wm.min)} low ${fmtBytes(wm.low)} high ${fmtBytes(wm.high)}`, 'header')
    .add('  anon ', 'label')
    .add(fmtBytes(m.anonPages), 'header')
    .add('  mapped ', 'label')
    .add(fmtBytes(m.mapped), 'header')
    .add('  dirty ', 'label')
    .add(fmtBytes(m.dirty + m.writeback), 'header');
  return [line1.toString(), line2.toString()];
}

function probabilityRole(scope: ScopeView): Role {
  const a = scope.assessment;
  if (!a) return 'header';
  if (a.danger) return 'danger';
  return a.probability >= 0.5 ? 'warn' : 'ok';
}

export function gaugeLines(scope: ScopeView | null, theme: Theme, width: number): string[] {
  const line1 = new LineBuilder(theme, width).add('P(OOM) ', 'label');
  const line2 = new LineBuilder(theme, width).add('why ', 'label');
  if (!scope) return [line1.add('no scopes yet', 'header').toString(), line2.toString()];
  const a = scope.assessment;
  const label = ` ${scope.label}`;
  if (!a) {
    line1.add('[').add(' '.repeat(Math.max(0, Math.min(30, width - 30)))).add('] ').add('-', 'header').add(label, 'header');
    line2.add(scope.policyIndex === null ? 'no policy covers this scope: shown for information only' : 'not assessed yet', 'header');
    return [line1.toString(), line2.toString()];
  }
  const tail = `  ${fmtPct(a.probability).padStart(4)}  TTE ${a.timeToExhaustion === null ? 'not filling' : fmtDuration(a.timeToExhaustion)}  deficit ${fmtBytes(a.deficit)}  level ${a.level}${a.danger ? '  DANGER' : ''}`;
  const cells = Math.max(10, Math.min(60, width - 9 - tail.length - Math.min(30, label.length)));
  const filled = Math.round(Math.max(0, Math.min(1, a.probability)) * cells);
  const role = probabilityRole(scope);
  line1
    .add('[')
    .addTagged(theme.paint(role, '#'.repeat(filled)) + ' '.repeat(cells - filled), cells)
    .add(']')
    .add(tail, role)
    .add(label, 'header');
  const reasons = a.reasons
    .slice()
    .sort((x, y) => y.weight - x.weight)
    .slice(0, 3)
    .map((r) => r.text);
  line2.add(reasons.length ? reasons.join('; ') : 'no pressure signals', 'header');
  return [line1.toString(), line2.toString()];
}

interface Series {
  label: string;
  values: (number | null)[];
  min: number;
  max: number;
  show(v: number | null): string;
}

function seriesOf(points: ScopePoint[], label: string, pick: (p: ScopePoint) => number | null, show: (v: number | null) => string, range?: [number, number]): Series {
  const values = points.map(pick);
  return { label, values, min: range?.[0] ?? 0, max: range?.[1] ?? autoMax(values), show };
}

const pctShow = (v: number | null) => fmtPercentValue(v);

/** The ten-minute trend graphs draw; the recent points until the trend has any. */
function graphPoints(scope: ScopeView | undefined): ScopePoint[] {
  if (!scope) return [];
  return scope.history.trend.length ? scope.history.trend : scope.history.points;
}

function graphPairs(state: AppState, scope: ScopeView | null): [Series, Series][] {
  const node = state.scopes.find((s) => s.kind === 'node');
  const np = graphPoints(node);
  const sp = scope ? graphPoints(scope) : np;
  const cap = autoMax(sp.map((p) => (Number.isFinite(p.capacity) ? p.capacity : null)));
  const scopePsi = sp.some((p) => p.rates.psiSome !== null);
  const psiPoints = scopePsi ? sp : np;
  const psiTag = scopePsi || scope?.kind === 'node' ? 'psi' : 'node psi';
  const isNode = !scope || scope.kind === 'node';
  return [
    [
      seriesOf(np, 'iowait', (p) => p.rates.iowait, pctShow, [0, 100]),
      seriesOf(np, 'sys', (p) => p.rates.system, pctShow, [0, 100]),
    ],
    [
      seriesOf(sp, 'avail', (p) => p.available, fmtBytes, [0, cap]),
      seriesOf(sp, 'wset', (p) => p.workingSet, fmtBytes, [0, cap]),
    ],
    [
      seriesOf(sp, 'refault', (p) => p.rates.refaultFile, (v) => `${fmtRate(v)}/s`),
      isNode
        ? seriesOf(sp, 'scan', (p) => p.rates.scan, (v) => `${fmtRate(v)}/s`)
        : seriesOf(sp, 'fail', (p) => p.rates.failcnt, (v) => `${fmtRate(v)}/s`),
    ],
    [
      seriesOf(psiPoints, `${psiTag} some`, (p) => p.rates.psiSome, pctShow, [0, 100]),
      seriesOf(psiPoints, `${psiTag} full`, (p) => p.rates.psiFull, pctShow, [0, 100]),
    ],
  ];
}

function graphCell(s: Series, theme: Theme, width: number, rows: number, psiAbsent: boolean): string[] {
  const labelW = Math.min(13, Math.max(7, s.label.length + 1));
  const valueW = 8;
  const sparkW = Math.max(0, width - labelW - valueW);
  const last = s.values.at(-1) ?? null;
  if (psiAbsent) {
    const out = [theme.paint('label', cell(s.label, labelW)) + cell('not available on this kernel', width - labelW)];
    while (out.length < rows) out.push(' '.repeat(width));
    return out;
  }
  const spark = sparkRows(s.values, sparkW, rows, s.min, s.max);
  return spark.map((g, i) => {
    const lab = i === rows - 1 ? cell(s.label, labelW) : ' '.repeat(labelW);
    const val = i === rows - 1 ? cell(s.show(last), valueW, 'right') : i === 0 && rows > 1 ? cell(`^${s.show(s.max)}`, valueW, 'right') : ' '.repeat(valueW);
    return theme.paint('label', lab) + theme.paint('graph', g) + theme.paint('header', val);
  });
}

export function graphLines(state: AppState, scope: ScopeView | null, theme: Theme, width: number, height: number): string[] {
  if (height <= 0) return [];
  const pairs = graphPairs(state, scope);
  const rowsEach = Math.max(1, Math.floor(height / pairs.length));
  const shown = pairs.slice(0, Math.min(pairs.length, height));
  const gap = 2;
  const leftW = Math.floor((width - gap) / 2);
  const rightW = width - gap - leftW;
  const out: string[] = [];
  for (const [l, r] of shown) {
    const psi = l.label.includes('psi');
    const absent = psi && l.values.every((v) => v === null) && r.values.every((v) => v === null);
    const left = graphCell(l, theme, leftW, rowsEach, absent);
    const right = graphCell(r, theme, rightW, rowsEach, absent);
    for (let i = 0; i < rowsEach; i++) out.push(left[i] + ' '.repeat(gap) + right[i]);
  }
  return out;
}

function headerRow<T>(cols: { col: Column<T>; width: number }[], sortBy: string | null, desc: boolean): string {
  return cols
    .map(({ col, width }) => {
      const title = col.id === sortBy ? `${col.title}${desc ? '▼' : '▲'}` : col.title;
      return fit(title, width, col.align);
    })
    .join(' ');
}

function tableLines<T>(
  theme: Theme,
  view: ViewModel,
  pane: PaneId,
  cols: Column<T>[],
  r: Rows<T>,
  width: number,
  height: number,
  prefix: (row: T) => string,
  rowRole: (row: T) => Role | null,
): string[] {
  const focused = view.focus === pane;
  const prefixW = 2;
  const laid = layoutColumns(cols, width - prefixW);
  const t = view.tables[pane];
  const state = view.state;
  let head = ' '.repeat(prefixW) + headerRow(laid, t.sortBy, t.desc);
  if (t.filter || r.rows.length !== r.total) {
    const note = ` [/${t.filter} ${r.rows.length}/${r.total}]`;
    head = fit(head, Math.max(0, width - note.length)) + note;
  }
  const out = [theme.paint(focused ? 'tableHeader' : 'label', cell(head, width))];
  const dataRows = height - 1;
  for (let i = 0; i < dataRows; i++) {
    const idx = r.offset + i;
    const row = r.rows[idx];
    if (row === undefined) {
      out.push(' '.repeat(width));
      continue;
    }
    const text =
      cell(prefix(row), prefixW) +
      laid.map(({ col, width: w }) => cell(col.text(row, state), w, col.align)).join(' ') +
      ' '.repeat(Math.max(0, width - prefixW - laid.reduce((a, l) => a + l.width + 1, -1)));
    const role = idx === r.index ? (focused ? 'selected' : 'selectedInactive') : rowRole(row);
    out.push(role ? theme.paint(role, text) : text);
  }
  return out;
}

export function scopeTable(view: ViewModel, theme: Theme, width: number, height: number): string[] {
  return tableLines(
    theme,
    view,
    'cgroups',
    SCOPE_COLUMNS,
    view.scopeRows(),
    width,
    height,
    (s) => (s.assessment?.danger ? '!' : ''),
    (s) => (s.assessment?.danger ? 'danger' : null),
  );
}

export function processTable(view: ViewModel, theme: Theme, width: number, height: number): string[] {
  return tableLines<Candidate>(
    theme,
    view,
    'processes',
    PROCESS_COLUMNS,
    view.processRows(),
    width,
    height,
    (c) => (c.eligible && c.rank === 1 ? '>' : ''),
    (c) => (c.eligible && c.rank === 1 ? 'victim' : c.eligible ? null : 'ineligible'),
  );
}

const EVENT_ROLE: Partial<Record<OomtopEvent['type'], Role>> = {
  kill: 'danger',
  'manual-kill': 'danger',
  'kernel-oom': 'danger',
  'would-kill': 'warn',
  error: 'error',
};

export function eventTable(view: ViewModel, theme: Theme, width: number, height: number): string[] {
  return tableLines<OomtopEvent>(theme, view, 'events', EVENT_COLUMNS, view.eventRows(), width, height, () => '', (e) => EVENT_ROLE[e.type] ?? null);
}

/** The config error (always first) or the latest action's result. */
export function statusLine(state: AppState, status: { text: string; kind: 'info' | 'error' } | null, theme: Theme, width: number): string | null {
  if (state.configError) return new LineBuilder(theme, width).add(` config error: ${state.configError.split('\n')[0]} `, 'error').toString();
  if (status) return new LineBuilder(theme, width).add(status.text, status.kind === 'error' ? 'error' : 'status').toString();
  return null;
}

/** htop-style key hints generated from the commands that have a footer label. */
export function footerLine(commands: readonly Command[], keymap: Keymap, theme: Theme, width: number): string {
  const b = new LineBuilder(theme, width);
  // Function keys first, in htop's order, so F9 Kill and F10 Quit survive 80 columns.
  const items = commands
    .filter((c) => c.footer)
    .map((c) => ({ cmd: c, key: keysOf(keymap, c.id)[0] }))
    .filter((x): x is { cmd: Command; key: string } => x.key !== undefined)
    .map((x) => ({ ...x, fkey: /^f(\d+)$/.exec(x.key) }))
    .sort((a, z) => (a.fkey ? Number(a.fkey[1]) : 100) - (z.fkey ? Number(z.fkey[1]) : 100));
  for (const { cmd, key } of items) {
    const k = keyLabel(key);
    const item = `${k}${cmd.footer}`;
    if (item.length + 1 > b.room) break;
    b.add(k, 'footerKey').add(`${cmd.footer} `, 'footerText');
  }
  return b.toString('footerText');
}
