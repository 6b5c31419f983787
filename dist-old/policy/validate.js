// Turns a parsed YAML document into a Config, collecting every problem with
// its line and column. Hand-written rather than a schema library: no schema
// library is installed (zod is not a dependency), and walking the yaml
// package's nodes directly is what gives exact positions for each key and
// value, including the column of a bad regex inside a quoted string.
import { isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import { closest } from './suggest.js';
import { compileRegex } from './regex.js';
import { defaultConfig, defaultScope } from './defaults.js';
import { LEVELS, MODES, } from './types.js';
const KILLS = ['process', 'process-group'];
const TOP_KEYS = ['mode', 'events', 'node', 'cgroups', 'interval', 'podLogRoot', 'metrics', 'hooks'];
const SCOPE_KEYS = ['mode', 'level', 'kill', 'protectPid1', 'grace', 'protect', 'prefer'];
const MATCHER_KEYS = ['name', 'cmdline', 'user', 'cgroup', 'pod', 'namespace'];
const PROTECT_KEYS = [...MATCHER_KEYS, 'pid'];
const PREFER_KEYS = [...PROTECT_KEYS, 'startTime', 'priority', 'grace'];
const MATCH_KEYS = ['path', 'pod', 'namespace'];
export function validateDocument(doc, text, file, lc) {
    const w = { file, text, lc, doc, issues: [] };
    const config = defaultConfig();
    const root = resolve(w, doc.contents);
    if (root === null || (isScalar(root) && root.value === null))
        return { config, issues: w.issues }; // empty file: all defaults
    const top = readMap(w, root, '', TOP_KEYS, 'the config');
    if (!top)
        return { config, issues: w.issues };
    const mode = top.get('mode');
    if (mode)
        config.mode = oneOf(w, mode, MODES) ?? config.mode;
    const events = top.get('events');
    if (events)
        config.events = str(w, events) ?? config.events;
    const podLogRoot = top.get('podLogRoot');
    if (podLogRoot)
        config.podLogRoot = str(w, podLogRoot) ?? config.podLogRoot;
    const node = top.get('node');
    if (node)
        config.node = scopeOf(w, node, defaultScope()).spec;
    const cgroups = top.get('cgroups');
    if (cgroups)
        config.cgroups = cgroupScopes(w, cgroups, config.node);
    const interval = top.get('interval');
    if (interval)
        config.interval = intervalOf(w, interval) ?? config.interval;
    const metrics = top.get('metrics');
    if (metrics)
        config.metrics = metricsOf(w, metrics);
    const hooks = top.get('hooks');
    if (hooks) {
        const h = hooksOf(w, hooks);
        if (h)
            config.hooks = h;
    }
    // Checks run key by key; report in file order.
    w.issues.sort((a, b) => a.line - b.line || a.col - b.col);
    return { config, issues: w.issues };
}
// ---- positions and reporting ------------------------------------------------
function report(w, node, fallback, path, message, extra = 0) {
    const start = node?.range?.[0] ?? fallback?.range?.[0] ?? 0;
    const { line, col } = w.lc.linePos(start + extra);
    w.issues.push({ file: w.file, line, col, path, message });
}
function at(w, e, message, extra = 0) {
    // A key with nothing after it has a null value node with no useful range:
    // point at the key instead.
    const node = e.value && e.value.range && !(isScalar(e.value) && e.value.value === null) ? e.value : null;
    report(w, node, e.key, e.path, message, node ? extra : 0);
}
function resolve(w, node) {
    if (!node)
        return null;
    if (isAlias(node))
        return node.resolve(w.doc) ?? null;
    return node;
}
function describe(node) {
    if (node === null)
        return 'nothing';
    if (isMap(node))
        return 'a map';
    if (isSeq(node))
        return 'a list';
    if (isScalar(node)) {
        const v = node.value;
        if (v === null)
            return 'nothing';
        if (typeof v === 'string')
            return `'${v}'`;
        return String(v);
    }
    return 'an unknown node';
}
function child(path, key) {
    if (typeof key === 'number')
        return `${path}[${key}]`;
    return path ? `${path}.${key}` : key;
}
/** Reads a map, reporting non-string and unknown keys (with a suggestion). */
function readMap(w, raw, path, known, what, fallback = null) {
    const node = resolve(w, raw);
    if (!node || !isMap(node)) {
        report(w, node, fallback, path, `${what} must be a map, got ${describe(node)}`);
        return null;
    }
    const out = new Map();
    for (const pair of node.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value !== 'string') {
            report(w, key, node, path, `keys must be plain words, got ${describe(key)}`);
            continue;
        }
        const name = key.value;
        if (!known.includes(name)) {
            const hint = closest(name, known);
            report(w, key, node, child(path, name), `unknown key '${name}'${hint ? ` (did you mean '${hint}'?)` : ` (known: ${known.join(', ')})`}`);
            continue;
        }
        out.set(name, { key, value: resolve(w, pair.value), path: child(path, name) });
    }
    return out;
}
// ---- scalar readers: return undefined after reporting -----------------------
function scalarValue(e) {
    return e.value && isScalar(e.value) ? e.value.value : e.value === null ? null : undefined;
}
function oneOf(w, e, allowed) {
    const v = scalarValue(e);
    if (typeof v === 'string' && allowed.includes(v))
        return v;
    const hint = typeof v === 'string' ? closest(v, allowed) : null;
    at(w, e, `${e.path} must be one of ${allowed.join(', ')}, got ${describe(e.value)}${hint ? ` (did you mean '${hint}'?)` : ''}`);
    return undefined;
}
function str(w, e) {
    const v = scalarValue(e);
    if (typeof v === 'string' && v.length > 0)
        return v;
    at(w, e, `${e.path} must be a non-empty string, got ${describe(e.value)}`);
    return undefined;
}
function num(w, e, opts) {
    const v = scalarValue(e);
    const kind = opts.integer ? 'an integer' : 'a number';
    const range = opts.min !== undefined && opts.max !== undefined ? ` from ${opts.min} to ${opts.max}` : opts.min !== undefined ? ` >= ${opts.min}` : '';
    const ok = typeof v === 'number' && Number.isFinite(v) && (!opts.integer || Number.isInteger(v));
    if (ok && (opts.min === undefined || v >= opts.min) && (opts.max === undefined || v <= opts.max))
        return v;
    at(w, e, `${e.path} must be ${kind}${range}${opts.unit ? ` (${opts.unit})` : ''}, got ${describe(e.value)}`);
    return undefined;
}
function bool(w, e) {
    const v = scalarValue(e);
    if (typeof v === 'boolean')
        return v;
    at(w, e, `${e.path} must be true or false, got ${describe(e.value)}`);
    return undefined;
}
/** A regex string: compiled with re2js so a bad one is reported where it is written. */
function regex(w, e) {
    const pattern = str(w, e);
    if (pattern === undefined)
        return undefined;
    const result = compileRegex(pattern);
    if ('re' in result)
        return pattern;
    const { message, index } = result.problem;
    const where = index === null ? '' : ` (at character ${index + 1} of the regex)`;
    at(w, e, `${e.path}: ${message}${where}`, index === null ? 0 : sourceOffset(w, e.value, index));
    return undefined;
}
/**
 * Offset from the start of a scalar's source text to character `index` of its
 * value, when the source spells the value verbatim (plain, or quoted without
 * escapes); otherwise 0, i.e. point at the scalar itself.
 */
function sourceOffset(w, scalar, index) {
    const [start, end] = scalar.range ?? [0, 0];
    const source = w.text.slice(start, end);
    const value = String(scalar.value);
    if (scalar.type === Scalar.PLAIN && source === value)
        return index;
    if ((scalar.type === Scalar.QUOTE_SINGLE || scalar.type === Scalar.QUOTE_DOUBLE) && source.slice(1, -1) === value)
        return index + 1;
    return 0;
}
// ---- structures ---------------------------------------------------------------
function seqItems(w, e) {
    if (e.value === null || (isScalar(e.value) && e.value.value === null))
        return []; // `protect:` with nothing = empty list
    if (!isSeq(e.value)) {
        at(w, e, `${e.path} must be a list, got ${describe(e.value)}`);
        return null;
    }
    return e.value.items.map((item, i) => ({ node: resolve(w, item), path: child(e.path, i) }));
}
/** Reads a scope's settings over `base`; also returns the raw entries (for a cgroup's `match`). */
function scopeOf(w, e, base, extraKeys = []) {
    const out = { ...base, protect: [], prefer: [] };
    const m = readMap(w, e.value, e.path, [...SCOPE_KEYS, ...extraKeys], e.path, e.key);
    if (!m)
        return { spec: out, entries: null };
    const mode = m.get('mode');
    if (mode) {
        const v = oneOf(w, mode, MODES);
        if (v)
            out.mode = v;
    }
    const level = m.get('level');
    if (level)
        out.level = oneOf(w, level, LEVELS) ?? out.level;
    const kill = m.get('kill');
    if (kill)
        out.kill = oneOf(w, kill, KILLS) ?? out.kill;
    const pid1 = m.get('protectPid1');
    if (pid1)
        out.protectPid1 = bool(w, pid1) ?? out.protectPid1;
    const grace = m.get('grace');
    if (grace)
        out.grace = num(w, grace, { min: 0, unit: 'seconds' }) ?? out.grace;
    const protect = m.get('protect');
    if (protect)
        out.protect = rules(w, protect, 'protect');
    const prefer = m.get('prefer');
    if (prefer)
        out.prefer = rules(w, prefer, 'prefer');
    return { spec: out, entries: m };
}
function rules(w, e, list) {
    const items = seqItems(w, e);
    if (!items)
        return [];
    const out = [];
    for (const item of items) {
        const r = rule(w, item.node, item.path, list, e.value);
        if (r)
            out.push(r);
    }
    return out;
}
function rule(w, node, path, list, fallback) {
    if (!node || !isMap(node)) {
        report(w, node, fallback, path, `${path}: a rule is a map like { name: '^sshd$' }, got ${describe(node)}`);
        return null;
    }
    // Accept prefer-only keys here so a protect rule with them gets a precise
    // message instead of "unknown key".
    const m = readMap(w, node, path, PREFER_KEYS, path);
    if (!m)
        return null;
    const r = {};
    for (const k of MATCHER_KEYS) {
        const e = m.get(k);
        if (!e)
            continue;
        const v = regex(w, e);
        if (v !== undefined)
            r[k] = v;
    }
    const pid = m.get('pid');
    if (pid) {
        const v = num(w, pid, { integer: true, min: 1 });
        if (v !== undefined)
            r.pid = v;
    }
    const startTime = m.get('startTime');
    if (startTime) {
        // A start time alone would name no process; it only pins a PID to one process lifetime.
        if (!pid)
            at(w, { ...startTime, value: null }, `${startTime.path}: 'startTime' only applies together with 'pid' (it tells a reused PID apart)`);
        else {
            const v = num(w, startTime, { integer: true, min: 0, unit: 'clock ticks since boot' });
            if (v !== undefined)
                r.startTime = v;
        }
    }
    for (const k of ['priority', 'grace']) {
        const e = m.get(k);
        if (!e)
            continue;
        if (list === 'protect') {
            at(w, { ...e, value: null }, `${e.path}: '${k}' only applies to prefer rules (protected processes are never killed)`);
            continue;
        }
        const v = k === 'priority' ? num(w, e, { integer: true }) : num(w, e, { min: 0, unit: 'seconds' });
        if (v !== undefined)
            r[k] = v;
    }
    const given = PROTECT_KEYS.filter((k) => m.has(k));
    if (given.length === 0) {
        // An empty rule would match every process: protect everything or prefer
        // everything. (Unknown keys were already reported; don't pile on.)
        if (m.size === node.items.length && !startTime)
            report(w, node, fallback, path, `${path}: a rule needs at least one of ${PROTECT_KEYS.join(', ')}`);
        return null;
    }
    return r;
}
function cgroupScopes(w, e, node) {
    const items = seqItems(w, e);
    if (!items)
        return [];
    const out = [];
    for (const item of items) {
        const itemEntry = { key: e.key, value: item.node, path: item.path };
        // Scalar settings a cgroup entry leaves out come from the node scope;
        // protect/prefer lists are the entry's own.
        const { mode: _nodeMode, ...inherited } = node;
        const { spec, entries } = scopeOf(w, itemEntry, { ...inherited, protect: [], prefer: [] }, ['match']);
        if (!entries)
            continue;
        const matchEntry = entries.get('match');
        if (!matchEntry) {
            report(w, item.node, e.value, item.path, `${item.path}: a cgroup scope needs 'match' with at least one of ${MATCH_KEYS.join(', ')}`);
            continue;
        }
        const match = matchOf(w, matchEntry);
        if (match)
            out.push({ ...spec, match });
    }
    return out;
}
function matchOf(w, e) {
    const m = readMap(w, e.value, e.path, MATCH_KEYS, e.path, e.key);
    if (!m)
        return null;
    const out = {};
    let ok = true;
    for (const k of MATCH_KEYS) {
        const entry = m.get(k);
        if (!entry)
            continue;
        const v = regex(w, entry);
        if (v === undefined)
            ok = false;
        else
            out[k] = v;
    }
    if (m.size === 0) {
        at(w, e, `${e.path} needs at least one of ${MATCH_KEYS.join(', ')}`);
        return null;
    }
    return ok ? out : null;
}
function intervalOf(w, e) {
    const m = readMap(w, e.value, e.path, ['min', 'max'], e.path, e.key);
    if (!m)
        return undefined;
    const d = defaultConfig().interval;
    const minE = m.get('min');
    const maxE = m.get('max');
    const min = minE ? num(w, minE, { integer: true, min: 1, unit: 'milliseconds' }) : d.min;
    const max = maxE ? num(w, maxE, { integer: true, min: 1, unit: 'milliseconds' }) : d.max;
    if (min === undefined || max === undefined)
        return undefined;
    if (min > max) {
        at(w, maxE ?? minE ?? e, `${e.path}.max (${max}) must not be below ${e.path}.min (${min})`);
        return undefined;
    }
    return { min, max };
}
/** "PORT", "ADDR:PORT" or "[IPv6]:PORT"; null (or absent) = no metrics endpoint. */
function metricsOf(w, e) {
    const v = scalarValue(e);
    if (v === null)
        return null;
    const text = typeof v === 'number' ? String(v) : v;
    if (typeof text === 'string') {
        const m = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text);
        const port = m ? Number(m[2]) : NaN;
        if (port >= 1 && port <= 65535)
            return text;
    }
    at(w, e, `${e.path} must be null, "PORT" or "ADDR:PORT" with a port from 1 to 65535, got ${describe(e.value)}`);
    return null;
}
function hooksOf(w, e) {
    if (scalarValue(e) === null)
        return undefined;
    const m = readMap(w, e.value, e.path, ['exec', 'webhook'], e.path, e.key);
    if (!m)
        return undefined;
    const out = {};
    const exec = m.get('exec');
    if (exec) {
        const x = readMap(w, exec.value, exec.path, ['command', 'timeout', 'before'], exec.path, exec.key);
        if (x) {
            const command = required(w, exec, x, 'command', (c) => str(w, c));
            const timeout = required(w, exec, x, 'timeout', (c) => num(w, c, { min: 0.001, unit: 'seconds' }));
            const beforeE = x.get('before');
            const before = beforeE ? bool(w, beforeE) : false;
            if (command !== undefined && timeout !== undefined && before !== undefined)
                out.exec = { command, timeout, before };
        }
    }
    const webhook = m.get('webhook');
    if (webhook) {
        const x = readMap(w, webhook.value, webhook.path, ['url', 'timeout'], webhook.path, webhook.key);
        if (x) {
            const url = required(w, webhook, x, 'url', (c) => httpUrl(w, c));
            const timeout = required(w, webhook, x, 'timeout', (c) => num(w, c, { min: 0.001, unit: 'seconds' }));
            if (url !== undefined && timeout !== undefined)
                out.webhook = { url, timeout };
        }
    }
    return out;
}
function required(w, parent, m, key, read) {
    const e = m.get(key);
    if (e)
        return read(e);
    at(w, parent, `${parent.path} needs '${key}'`);
    return undefined;
}
function httpUrl(w, e) {
    const s = str(w, e);
    if (s === undefined)
        return undefined;
    let protocol = '';
    try {
        protocol = new URL(s).protocol;
    }
    catch {
        // reported below
    }
    if (protocol === 'http:' || protocol === 'https:')
        return s;
    at(w, e, `${e.path} must be an http:// or https:// URL, got '${s}'`);
    return undefined;
}
