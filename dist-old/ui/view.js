import { EVENT_COLUMNS, PROCESS_COLUMNS, SCOPE_COLUMNS } from './columns.js';
import { sanitize } from './text.js';
export const PANES = ['cgroups', 'processes', 'events'];
function newTable(sortBy = null, desc = false) {
    return { selected: null, lastIndex: 0, offset: 0, sortBy, desc, filter: '' };
}
export const scopeKey = (s) => s.id;
export const candidateKey = (c) => `${c.proc.pid}:${c.proc.startTime}`;
export const eventKey = (e) => `${e.t}:${e.time}:${e.type}:${e.victim?.pid ?? ''}`;
function matches(filter, fields) {
    if (!filter)
        return true;
    const f = filter.toLowerCase();
    return fields.some((x) => sanitize(x).toLowerCase().includes(f));
}
function sorted(rows, cols, t, state) {
    const col = t.sortBy ? cols.find((c) => c.id === t.sortBy) : undefined;
    if (!col?.sort)
        return rows;
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
export function snapshotState(state) {
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
export class ViewModel {
    onChange;
    focus = 'processes';
    frozen = false;
    scopeId = 'node';
    tables = {
        cgroups: newTable(),
        processes: newTable(),
        events: newTable(),
    };
    /** Visible data rows per pane, set by the layout. */
    heights = { cgroups: 3, processes: 5, events: 2 };
    /** State shown: the live one, or the snapshot taken when frozen. */
    shown;
    latest;
    constructor(state, onChange = () => { }) {
        this.onChange = onChange;
        this.shown = state;
        this.latest = state;
    }
    get state() {
        return this.shown;
    }
    /** New state from the engine; ignored for display while frozen. */
    update(state) {
        this.latest = state;
        if (!this.frozen)
            this.shown = state;
    }
    setFrozen(frozen) {
        // Freezing twice keeps the first snapshot.
        if (frozen && !this.frozen)
            this.shown = snapshotState(this.latest);
        if (!frozen)
            this.shown = this.latest;
        this.frozen = frozen;
        this.onChange();
    }
    scope() {
        const scopes = this.shown.scopes;
        return scopes.find((s) => s.id === this.scopeId) ?? scopes[0] ?? null;
    }
    scopeRows() {
        const t = this.tables.cgroups;
        const all = this.shown.scopes;
        const rows = sorted(all.filter((s) => matches(t.filter, [s.label, s.id])), SCOPE_COLUMNS, t, this.shown);
        return this.place(rows, rows.map(scopeKey), 'cgroups', all.length);
    }
    processRows() {
        const t = this.tables.processes;
        const all = this.scope()?.candidates ?? [];
        const rows = sorted(all.filter((c) => matches(t.filter, [c.proc.comm, c.proc.cmdline, c.proc.user, String(c.proc.pid), c.proc.cgroup, c.reason])), PROCESS_COLUMNS, t, this.shown);
        return this.place(rows, rows.map(candidateKey), 'processes', all.length);
    }
    eventRows() {
        const t = this.tables.events;
        const all = this.shown.events;
        const newestFirst = all.slice().reverse();
        const rows = sorted(newestFirst.filter((e) => matches(t.filter, [e.type, e.scope ?? '', e.message, e.victim?.name ?? '', String(e.victim?.pid ?? '')])), EVENT_COLUMNS, t, this.shown);
        return this.place(rows, rows.map(eventKey), 'events', all.length);
    }
    candidate() {
        const r = this.processRows();
        return r.rows[r.index] ?? null;
    }
    /** Resolves the selection by key (falling back to its old index) and keeps it on screen. */
    place(rows, keys, pane, total) {
        const t = this.tables[pane];
        let index = t.selected === null ? 0 : keys.indexOf(t.selected);
        if (index < 0)
            index = Math.min(t.lastIndex, rows.length - 1);
        if (rows.length === 0)
            index = -1;
        t.lastIndex = Math.max(0, index);
        const h = Math.max(1, this.heights[pane]);
        let offset = Math.min(t.offset, Math.max(0, rows.length - h));
        if (index >= 0 && index < offset)
            offset = index;
        if (index >= offset + h)
            offset = index - h + 1;
        t.offset = offset;
        return { rows, keys, index, offset, total };
    }
    rowsOf(pane) {
        if (pane === 'cgroups')
            return this.scopeRows();
        if (pane === 'processes')
            return this.processRows();
        return this.eventRows();
    }
    move(how) {
        const pane = this.focus;
        const { keys, index } = this.rowsOf(pane);
        if (keys.length === 0)
            return;
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
        this.select(pane, keys[next], next);
    }
    select(pane, key, index) {
        const t = this.tables[pane];
        t.selected = key;
        if (index !== undefined)
            t.lastIndex = index;
        // Selecting a scope row makes it the scope of the gauge, graphs and kill list.
        if (pane === 'cgroups')
            this.scopeId = key;
        this.onChange();
    }
    cyclePane(dir) {
        const i = PANES.indexOf(this.focus);
        this.focus = PANES[(i + dir + PANES.length) % PANES.length];
        this.onChange();
    }
    focusPane(pane) {
        this.focus = pane;
        this.onChange();
    }
    columns() {
        const cols = this.focus === 'cgroups' ? SCOPE_COLUMNS : this.focus === 'processes' ? PROCESS_COLUMNS : EVENT_COLUMNS;
        return cols;
    }
    cycleSort(dir) {
        const t = this.tables[this.focus];
        const sortable = this.columns().filter((c) => c.sort);
        // null (the engine's order: rank, path, time) is one stop of the cycle.
        const stops = [null, ...sortable];
        const i = stops.findIndex((c) => (c?.id ?? null) === t.sortBy);
        const next = stops[(i + dir + stops.length) % stops.length] ?? null;
        t.sortBy = next?.id ?? null;
        t.desc = next?.desc ?? false;
        this.onChange();
    }
    invertSort() {
        const t = this.tables[this.focus];
        if (t.sortBy !== null)
            t.desc = !t.desc;
        this.onChange();
    }
    filter() {
        return this.tables[this.focus].filter;
    }
    setFilter(text) {
        this.tables[this.focus].filter = text;
        this.onChange();
    }
    /** Title of the focused pane's sort column, for headers. */
    sortTitle(pane) {
        const t = this.tables[pane];
        const cols = (pane === 'cgroups' ? SCOPE_COLUMNS : pane === 'processes' ? PROCESS_COLUMNS : EVENT_COLUMNS);
        return cols.find((c) => c.id === t.sortBy)?.title ?? null;
    }
}
