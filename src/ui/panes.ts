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
import { autoMax } from './graph.js';
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

// Text, not blessed-contrib's gauge: measured on 4.11, the gauge draws its bar
// on rows 2-3 of its canvas (nothing shows in the 2 rows this pane has; it
// needs 6 with a border at 80x24), and it paints the bar as background colour
// only, so under NO_COLOR or the mono theme the bar disappears.
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

/** One line of a chart: how to read it from a point, show it, and squeeze it. */
export interface ChartSeries {
  label: string;
  /** The name when the full title does not fit (80 columns). */
  short?: string;
  /** The theme role whose colour draws the line (and the label in the title). */
  role: Role;
  pick: (p: ScopePoint) => number | null;
  show: (v: number | null) => string;
  /** What a dot standing for several points keeps: the worst case for this signal. */
  keep: 'max' | 'min';
}

/** What one chart of the graphs pane draws; the TUI turns it into a contrib line chart. */
export interface ChartSpec {
  id: 'cpu' | 'memory' | 'reclaim' | 'psi';
  /** Words before the series in the title ("psi", "node psi"), or ''. */
  prefix: string;
  points: ScopePoint[];
  series: [ChartSeries, ChartSeries];
  /** Top of the scale; null: the largest value in the window. */
  max: number | null;
  /** The label at the top of the y axis for a scale top. */
  axis: (max: number) => string;
  /** Shown instead of the chart when the signal does not exist here. */
  absent: string | null;
  /** Changes exactly when the drawn data does: the chart redraws only then. */
  key: string;
}

const pctShow = (v: number | null) => fmtPercentValue(v);
const rateShow = (v: number | null) => fmtRate(v);

/** The ten-minute trend graphs draw; the recent points until the trend has any. */
function graphPoints(scope: ScopeView | undefined): ScopePoint[] {
  if (!scope) return [];
  return scope.history.trend.length ? scope.history.trend : scope.history.points;
}

function pointsKey(id: string, points: ScopePoint[]): string {
  return `${id}:${points.length}:${points[0]?.t ?? '-'}:${points.at(-1)?.t ?? '-'}`;
}

/** The four charts: CPU stall, memory, reclaim, pressure; node or the selected scope. */
export function graphCharts(state: AppState, scope: ScopeView | null): ChartSpec[] {
  const node = state.scopes.find((s) => s.kind === 'node');
  const np = graphPoints(node);
  const shown = scope ?? node;
  const sp = scope ? graphPoints(scope) : np;
  const nodeKey = pointsKey('node', np);
  const scopeKey = pointsKey(shown?.id ?? '-', sp);
  const finiteCap = sp.map((p) => (Number.isFinite(p.capacity) ? p.capacity : null));
  // An unlimited cgroup has no capacity to scale to: use what it holds.
  const cap = finiteCap.some((c) => c !== null) ? autoMax(finiteCap) : null;
  const scopePsi = sp.some((p) => p.rates.psiSome !== null);
  const psiPoints = scopePsi ? sp : np;
  const isNode = !scope || scope.kind === 'node';
  const psiAbsent = psiPoints.length > 0 && psiPoints.every((p) => p.rates.psiSome === null && p.rates.psiFull === null);
  const pct = (v: number) => `${Math.round(v)}%`;
  return [
    {
      id: 'cpu',
      prefix: '',
      points: np,
      series: [
        { label: 'iowait', short: 'io', role: 'graph', pick: (p) => p.rates.iowait, show: pctShow, keep: 'max' },
        { label: 'sys', role: 'memUsed', pick: (p) => p.rates.system, show: pctShow, keep: 'max' },
      ],
      max: 100,
      axis: pct,
      absent: null,
      key: nodeKey,
    },
    {
      id: 'memory',
      prefix: '',
      points: sp,
      series: [
        // Available must not hide a dip: a squeezed dot keeps the lowest value.
        { label: 'avail', short: 'avl', role: 'graph', pick: (p) => (Number.isFinite(p.available) ? p.available : null), show: fmtBytes, keep: 'min' },
        { label: 'wset', role: 'memUsed', pick: (p) => p.workingSet, show: fmtBytes, keep: 'max' },
      ],
      max: cap,
      axis: fmtBytes,
      absent: null,
      key: scopeKey,
    },
    {
      id: 'reclaim',
      prefix: '',
      points: sp,
      series: [
        { label: 'refault', short: 'rflt', role: 'graph', pick: (p) => p.rates.refaultFile, show: rateShow, keep: 'max' },
        isNode
          ? { label: 'scan', role: 'memUsed', pick: (p) => p.rates.scan, show: rateShow, keep: 'max' }
          : { label: 'fail', role: 'memUsed', pick: (p) => p.rates.failcnt, show: rateShow, keep: 'max' },
      ],
      max: null,
      axis: fmtRate,
      absent: null,
      key: `${scopeKey}:${isNode}`,
    },
    {
      id: 'psi',
      prefix: scopePsi || isNode || psiAbsent ? 'psi' : 'node psi',
      points: psiPoints,
      series: [
        { label: 'some', short: 'psi', role: 'graph', pick: (p) => p.rates.psiSome, show: pctShow, keep: 'max' },
        { label: 'full', role: 'memUsed', pick: (p) => p.rates.psiFull, show: pctShow, keep: 'max' },
      ],
      max: 100,
      axis: pct,
      absent: psiAbsent ? 'not on this kernel' : null,
      key: scopePsi ? scopeKey : nodeKey,
    },
  ];
}

/** The chart's title row: each series' name in its line colour and its latest value. */
export function chartTitle(spec: ChartSpec, theme: Theme, width: number): string {
  const b = new LineBuilder(theme, width);
  if (spec.absent) return b.add(`${spec.prefix}: ${spec.absent}`, 'header').toString();
  const last = spec.points.at(-1);
  const values = spec.series.map((s) => s.show(last ? s.pick(last) : null));
  const text = (short: boolean) =>
    spec.series.map((s, i) => ({ label: `${i ? ' ' : spec.prefix && !short ? `${spec.prefix} ` : ''}${short ? (s.short ?? s.label) : s.label}`, value: ` ${values[i]}`, role: s.role }));
  let parts = text(false);
  // Narrow charts (80 columns) keep every value and shorten the names.
  if (parts.reduce((n, p) => n + p.label.length + p.value.length, 0) > width) parts = text(true);
  for (const p of parts) b.add(p.label, p.role).add(p.value, 'header');
  const first = spec.points[0];
  if (first && last && last.t > first.t) b.addIfFits(`  ${fmtDuration((last.t - first.t) / 1000)}`, 'label');
  return b.toString();
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
