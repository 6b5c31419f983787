// The operator's view of the engine state: which table has focus, what is
// selected (by identity: scope id, PID+start time, event), scroll offsets,
// sort, filter and freeze. No blessed here, so it is tested without a screen.
import type { AppState, ScopeView } from '../app/types.js';
import type { Move, PaneId, ViewControl } from '../app/commands.js';
import type { Candidate } from '../policy/types.js';
import type { OomtopEvent } from '../report/types.js';
import { EVENT_COLUMNS, PROCESS_COLUMNS, SCOPE_COLUMNS, type Column } from './columns.js';
import { sanitize } from './text.js';

export const PANES: readonly PaneId[] = ['cgroups', 'processes', 'events'];

export interface TableView {
  /** Key of the selected row; null: the first row. */
  selected: string | null;
  /** Index where the selection was, to stay in place when its row disappears. */
  lastIndex: number;
  offset: number;
  /** Column id sorted by; null: the engine's order. */
  sortBy: string | null;
  desc: boolean;
  filter: string;
}

export interface Rows<T> {
  rows: T[];
  keys: string[];
  /** Index of the selected row in `rows`, -1 when empty. */
  index: number;
  offset: number;
  /** Rows before filtering. */
  total: number;
}

function newTable(sortBy: string | null = null, desc = false): TableView {
  return { selected: null, lastIndex: 0, offset: 0, sortBy, desc, filter: '' };
}

export const scopeKey = (s: ScopeView): string => s.id;
export const candidateKey = (c: Candidate): string => `${c.proc.pid}:${c.proc.startTime}`;
export const eventKey = (e: OomtopEvent): string => `${e.t}:${e.time}:${e.type}:${e.victim?.pid ?? ''}`;

function matches(filter: string, fields: string[]): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return fields.some((x) => sanitize(x).toLowerCase().includes(f));
}

function sorted<T>(rows: T[], cols: Column<T>[], t: TableView, state: AppState): T[] {
  const col = t.sortBy ? cols.find((c) => c.id === t.sortBy) : undefined;
  if (!col?.sort) return rows;
  const key = col.sort;
  const dir = t.desc ? -1 : 1;
  // Stable sort keeps the engine's order among equal keys.
  return rows
    .map((row, i) => ({ row, i, k: key(row, state) }))
    .sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i))
    .map((x) => x.row);
}

/**
 * A copy of everything the panes read, detached from the engine's state: the
 * engine updates one AppState in place and the model appends to the history
 * arrays in place, so holding a reference would not freeze anything. Points,
 * events and process readings are replaced rather than changed, so their
 * arrays are copied but not the elements; candidates are copied one level
 * because their rank and reason belong to the moment they were ranked.
 */
export function snapshotState(state: AppState): AppState {
  return {
    ...state,
    host: { ...state.host },
    sample: state.sample ? { ...state.sample } : null,
    scopes: state.scopes.map((s) => ({
      ...s,
      history: { ...s.history, points: s.history.points.slice(), trend: s.history.trend.slice() },
      candidates: s.candidates.map((c) => ({ ...c })),
    })),
    events: state.events.slice(),
    self: { ...state.self },
    cpu: { ...state.cpu },
    counters: { ...state.counters },
  };
}

export class ViewModel implements ViewControl {
  focus: PaneId = 'processes';
  frozen = false;
  scopeId = 'node';
  readonly tables: Record<PaneId, TableView> = {
    cgroups: newTable(),
    processes: newTable(),
    events: newTable(),
  };
  /** Visible data rows per pane, set by the layout. */
  readonly heights: Record<PaneId, number> = { cgroups: 3, processes: 5, events: 2 };
  /** State shown: the live one, or the snapshot taken when frozen. */
  private shown: AppState;
  private latest: AppState;

  constructor(state: AppState, private readonly onChange: () => void = () => {}) {
    this.shown = state;
    this.latest = state;
  }

  get state(): AppState {
    return this.shown;
  }

  /** New state from the engine; ignored for display while frozen. */
  update(state: AppState): void {
    this.latest = state;
    if (!this.frozen) this.shown = state;
  }

  setFrozen(frozen: boolean): void {
    // Freezing twice keeps the first snapshot.
    if (frozen && !this.frozen) this.shown = snapshotState(this.latest);
    if (!frozen) this.shown = this.latest;
    this.frozen = frozen;
    this.onChange();
  }

  scope(): ScopeView | null {
    const scopes = this.shown.scopes;
    return scopes.find((s) => s.id === this.scopeId) ?? scopes[0] ?? null;
  }

  scopeRows(): Rows<ScopeView> {
    const t = this.tables.cgroups;
    const all = this.shown.scopes;
    const rows = sorted(
      all.filter((s) => matches(t.filter, [s.label, s.id])),
      SCOPE_COLUMNS,
      t,
      this.shown,
    );
    return this.place(rows, rows.map(scopeKey), 'cgroups', all.length);
  }

  processRows(): Rows<Candidate> {
    const t = this.tables.processes;
    const all = this.scope()?.candidates ?? [];
    const rows = sorted(
      all.filter((c) => matches(t.filter, [c.proc.comm, c.proc.cmdline, c.proc.user, String(c.proc.pid), c.proc.cgroup, c.reason])),
      PROCESS_COLUMNS,
      t,
      this.shown,
    );
    return this.place(rows, rows.map(candidateKey), 'processes', all.length);
  }

  eventRows(): Rows<OomtopEvent> {
    const t = this.tables.events;
    const all = this.shown.events;
    const newestFirst = all.slice().reverse();
    const rows = sorted(
      newestFirst.filter((e) => matches(t.filter, [e.type, e.scope ?? '', e.message, e.victim?.name ?? '', String(e.victim?.pid ?? '')])),
      EVENT_COLUMNS,
      t,
      this.shown,
    );
    return this.place(rows, rows.map(eventKey), 'events', all.length);
  }

  candidate(): Candidate | null {
    const r = this.processRows();
    return r.rows[r.index] ?? null;
  }

  /** Resolves the selection by key (falling back to its old index) and keeps it on screen. */
  private place<T>(rows: T[], keys: string[], pane: PaneId, total: number): Rows<T> {
    const t = this.tables[pane];
    let index = t.selected === null ? 0 : keys.indexOf(t.selected);
    if (index < 0) index = Math.min(t.lastIndex, rows.length - 1);
    if (rows.length === 0) index = -1;
    t.lastIndex = Math.max(0, index);
    const h = Math.max(1, this.heights[pane]);
    let offset = Math.min(t.offset, Math.max(0, rows.length - h));
    if (index >= 0 && index < offset) offset = index;
    if (index >= offset + h) offset = index - h + 1;
    t.offset = offset;
    return { rows, keys, index, offset, total };
  }

  private rowsOf(pane: PaneId): { keys: string[]; index: number } {
    if (pane === 'cgroups') return this.scopeRows();
    if (pane === 'processes') return this.processRows();
    return this.eventRows();
  }

  move(how: Move): void {
    const pane = this.focus;
    const { keys, index } = this.rowsOf(pane);
    if (keys.length === 0) return;
    const page = Math.max(1, this.heights[pane] - 1);
    const target = {
      up: index - 1,
      down: index + 1,
      pageUp: index - page,
      pageDown: index + page,
      top: 0,
      bottom: keys.length - 1,
    }[how];
    const next = Math.max(0, Math.min(keys.length - 1, target));
    this.select(pane, keys[next]!, next);
  }

  select(pane: PaneId, key: string, index?: number): void {
    const t = this.tables[pane];
    t.selected = key;
    if (index !== undefined) t.lastIndex = index;
    // Selecting a scope row makes it the scope of the gauge, graphs and kill list.
    if (pane === 'cgroups') this.scopeId = key;
    this.onChange();
  }

  cyclePane(dir: 1 | -1): void {
    const i = PANES.indexOf(this.focus);
    this.focus = PANES[(i + dir + PANES.length) % PANES.length]!;
    this.onChange();
  }

  focusPane(pane: PaneId): void {
    this.focus = pane;
    this.onChange();
  }

  private columns(): Column<never>[] {
    const cols = this.focus === 'cgroups' ? SCOPE_COLUMNS : this.focus === 'processes' ? PROCESS_COLUMNS : EVENT_COLUMNS;
    return cols as Column<never>[];
  }

  cycleSort(dir: 1 | -1): void {
    const t = this.tables[this.focus];
    const sortable = this.columns().filter((c) => c.sort);
    // null (the engine's order: rank, path, time) is one stop of the cycle.
    const stops: (Column<never> | null)[] = [null, ...sortable];
    const i = stops.findIndex((c) => (c?.id ?? null) === t.sortBy);
    const next = stops[(i + dir + stops.length) % stops.length] ?? null;
    t.sortBy = next?.id ?? null;
    t.desc = next?.desc ?? false;
    this.onChange();
  }

  invertSort(): void {
    const t = this.tables[this.focus];
    if (t.sortBy !== null) t.desc = !t.desc;
    this.onChange();
  }

  filter(): string {
    return this.tables[this.focus].filter;
  }

  setFilter(text: string): void {
    this.tables[this.focus].filter = text;
    this.onChange();
  }

  /** Title of the focused pane's sort column, for headers. */
  sortTitle(pane: PaneId): string | null {
    const t = this.tables[pane];
    const cols = (pane === 'cgroups' ? SCOPE_COLUMNS : pane === 'processes' ? PROCESS_COLUMNS : EVENT_COLUMNS) as Column<never>[];
    return cols.find((c) => c.id === t.sortBy)?.title ?? null;
  }
}
