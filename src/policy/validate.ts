// Turns a parsed YAML document into a Config, collecting every problem with
// its line and column. Hand-written rather than a schema library: no schema
// library is installed (zod is not a dependency), and walking the yaml
// package's nodes directly is what gives exact positions for each key and
// value, including the column of a bad regex inside a quoted string.
import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue } from './errors.js';
import { closest } from './suggest.js';
import { compileRegex } from './regex.js';
import { defaultConfig, defaultScope } from './defaults.js';
import {
  LEVELS,
  MODES,
  type CgroupMatchSpec,
  type CgroupScopeSpec,
  type Config,
  type KillGranularity,
  type RuleSpec,
  type ScopeSpec,
} from './types.js';

const KILLS: readonly KillGranularity[] = ['process', 'process-group'];
const TOP_KEYS = ['mode', 'events', 'node', 'cgroups', 'interval', 'podLogRoot', 'metrics', 'hooks'] as const;
const SCOPE_KEYS = ['mode', 'level', 'kill', 'protectPid1', 'grace', 'protect', 'prefer'] as const;
const MATCHER_KEYS = ['name', 'cmdline', 'user', 'cgroup', 'pod', 'namespace'] as const;
const PROTECT_KEYS = [...MATCHER_KEYS, 'pid'] as const;
const PREFER_KEYS = [...PROTECT_KEYS, 'startTime', 'priority', 'grace'] as const;
const MATCH_KEYS = ['path', 'pod', 'namespace'] as const;

interface Walk {
  file: string;
  text: string;
  lc: LineCounter;
  doc: Document;
  issues: ConfigIssue[];
}

/** A key/value pair of a map, with the dotted path of the value. */
interface Entry {
  key: Scalar;
  value: Node | null;
  path: string;
}

export function validateDocument(doc: Document, text: string, file: string, lc: LineCounter): { config: Config; issues: ConfigIssue[] } {
  const w: Walk = { file, text, lc, doc, issues: [] };
  const config = defaultConfig();
  const root = resolve(w, doc.contents as Node | null);
  if (root === null || (isScalar(root) && root.value === null)) return { config, issues: w.issues }; // empty file: all defaults
  const top = readMap(w, root, '', TOP_KEYS, 'the config');
  if (!top) return { config, issues: w.issues };

  const mode = top.get('mode');
  if (mode) config.mode = oneOf(w, mode, MODES) ?? config.mode;
  const events = top.get('events');
  if (events) config.events = str(w, events) ?? config.events;
  const podLogRoot = top.get('podLogRoot');
  if (podLogRoot) config.podLogRoot = str(w, podLogRoot) ?? config.podLogRoot;
  const node = top.get('node');
  if (node) config.node = scopeOf(w, node, defaultScope()).spec;
  const cgroups = top.get('cgroups');
  if (cgroups) config.cgroups = cgroupScopes(w, cgroups, config.node);
  const interval = top.get('interval');
  if (interval) config.interval = intervalOf(w, interval) ?? config.interval;
  const metrics = top.get('metrics');
  if (metrics) config.metrics = metricsOf(w, metrics);
  const hooks = top.get('hooks');
  if (hooks) {
    const h = hooksOf(w, hooks);
    if (h) config.hooks = h;
  }
  // Checks run key by key; report in file order.
  w.issues.sort((a, b) => a.line - b.line || a.col - b.col);
  return { config, issues: w.issues };
}

// ---- positions and reporting ------------------------------------------------

function report(w: Walk, node: Node | null | undefined, fallback: Node | null, path: string, message: string, extra = 0): void {
  const start = node?.range?.[0] ?? fallback?.range?.[0] ?? 0;
  const { line, col } = w.lc.linePos(start + extra);
  w.issues.push({ file: w.file, line, col, path, message });
}

function at(w: Walk, e: Entry, message: string, extra = 0): void {
  // A key with nothing after it has a null value node with no useful range:
  // point at the key instead.
  const node = e.value && e.value.range && !(isScalar(e.value) && e.value.value === null) ? e.value : null;
  report(w, node, e.key, e.path, message, node ? extra : 0);
}

function resolve(w: Walk, node: Node | null | undefined): Node | null {
  if (!node) return null;
  if (isAlias(node)) return (node.resolve(w.doc) as Node | undefined) ?? null;
  return node;
}

function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'string') return `'${v}'`;
    return String(v);
  }
  return 'an unknown node';
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Reads a map, reporting non-string and unknown keys (with a suggestion). */
function readMap(w: Walk, raw: Node | null, path: string, known: readonly string[], what: string, fallback: Node | null = null): Map<string, Entry> | null {
  const node = resolve(w, raw);
  if (!node || !isMap(node)) {
    report(w, node, fallback, path, `${what} must be a map, got ${describe(node)}`);
    return null;
  }
  const out = new Map<string, Entry>();
  for (const pair of node.items) {
    const key = pair.key as Node | null;
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
    out.set(name, { key, value: resolve(w, pair.value as Node | null), path: child(path, name) });
  }
  return out;
}

// ---- scalar readers: return undefined after reporting -----------------------

function scalarValue(e: Entry): unknown {
  return e.value && isScalar(e.value) ? e.value.value : e.value === null ? null : undefined;
}

function oneOf<T extends string>(w: Walk, e: Entry, allowed: readonly T[]): T | undefined {
  const v = scalarValue(e);
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  const hint = typeof v === 'string' ? closest(v, allowed) : null;
  at(w, e, `${e.path} must be one of ${allowed.join(', ')}, got ${describe(e.value)}${hint ? ` (did you mean '${hint}'?)` : ''}`);
  return undefined;
}

function str(w: Walk, e: Entry): string | undefined {
  const v = scalarValue(e);
  if (typeof v === 'string' && v.length > 0) return v;
  at(w, e, `${e.path} must be a non-empty string, got ${describe(e.value)}`);
  return undefined;
}

function num(w: Walk, e: Entry, opts: { integer?: boolean; min?: number; max?: number; unit?: string }): number | undefined {
  const v = scalarValue(e);
  const kind = opts.integer ? 'an integer' : 'a number';
  const range =
    opts.min !== undefined && opts.max !== undefined ? ` from ${opts.min} to ${opts.max}` : opts.min !== undefined ? ` >= ${opts.min}` : '';
  const ok = typeof v === 'number' && Number.isFinite(v) && (!opts.integer || Number.isInteger(v));
  if (ok && (opts.min === undefined || v >= opts.min) && (opts.max === undefined || v <= opts.max)) return v;
  at(w, e, `${e.path} must be ${kind}${range}${opts.unit ? ` (${opts.unit})` : ''}, got ${describe(e.value)}`);
  return undefined;
}

function bool(w: Walk, e: Entry): boolean | undefined {
  const v = scalarValue(e);
  if (typeof v === 'boolean') return v;
  at(w, e, `${e.path} must be true or false, got ${describe(e.value)}`);
  return undefined;
}

/** A regex string: compiled with re2js so a bad one is reported where it is written. */
function regex(w: Walk, e: Entry): string | undefined {
  const pattern = str(w, e);
  if (pattern === undefined) return undefined;
  const result = compileRegex(pattern);
  if ('re' in result) return pattern;
  const { message, index } = result.problem;
  const where = index === null ? '' : ` (at character ${index + 1} of the regex)`;
  at(w, e, `${e.path}: ${message}${where}`, index === null ? 0 : sourceOffset(w, e.value as Scalar, index));
  return undefined;
}

/**
 * Offset from the start of a scalar's source text to character `index` of its
 * value, when the source spells the value verbatim (plain, or quoted without
 * escapes); otherwise 0, i.e. point at the scalar itself.
 */
function sourceOffset(w: Walk, scalar: Scalar, index: number): number {
  const [start, end] = scalar.range ?? [0, 0];
  const source = w.text.slice(start, end);
  const value = String(scalar.value);
  if (scalar.type === Scalar.PLAIN && source === value) return index;
  if ((scalar.type === Scalar.QUOTE_SINGLE || scalar.type === Scalar.QUOTE_DOUBLE) && source.slice(1, -1) === value) return index + 1;
  return 0;
}

// ---- structures ---------------------------------------------------------------

function seqItems(w: Walk, e: Entry): { node: Node | null; path: string }[] | null {
  if (e.value === null || (isScalar(e.value) && e.value.value === null)) return []; // `protect:` with nothing = empty list
  if (!isSeq(e.value)) {
    at(w, e, `${e.path} must be a list, got ${describe(e.value)}`);
    return null;
  }
  return e.value.items.map((item, i) => ({ node: resolve(w, item as Node | null), path: child(e.path, i) }));
}

/** Reads a scope's settings over `base`; also returns the raw entries (for a cgroup's `match`). */
function scopeOf(w: Walk, e: Entry, base: ScopeSpec, extraKeys: readonly string[] = []): { spec: ScopeSpec; entries: Map<string, Entry> | null } {
  const out: ScopeSpec = { ...base, protect: [], prefer: [] };
  const m = readMap(w, e.value, e.path, [...SCOPE_KEYS, ...extraKeys], e.path, e.key);
  if (!m) return { spec: out, entries: null };
  const mode = m.get('mode');
  if (mode) {
    const v = oneOf(w, mode, MODES);
    if (v) out.mode = v;
  }
  const level = m.get('level');
  if (level) out.level = oneOf(w, level, LEVELS) ?? out.level;
  const kill = m.get('kill');
  if (kill) out.kill = oneOf(w, kill, KILLS) ?? out.kill;
  const pid1 = m.get('protectPid1');
  if (pid1) out.protectPid1 = bool(w, pid1) ?? out.protectPid1;
  const grace = m.get('grace');
  if (grace) out.grace = num(w, grace, { min: 0, unit: 'seconds' }) ?? out.grace;
  const protect = m.get('protect');
  if (protect) out.protect = rules(w, protect, 'protect');
  const prefer = m.get('prefer');
  if (prefer) out.prefer = rules(w, prefer, 'prefer');
  return { spec: out, entries: m };
}

function rules(w: Walk, e: Entry, list: 'protect' | 'prefer'): RuleSpec[] {
  const items = seqItems(w, e);
  if (!items) return [];
  const out: RuleSpec[] = [];
  for (const item of items) {
    const r = rule(w, item.node, item.path, list, e.value);
    if (r) out.push(r);
  }
  return out;
}

function rule(w: Walk, node: Node | null, path: string, list: 'protect' | 'prefer', fallback: Node | null): RuleSpec | null {
  if (!node || !isMap(node)) {
    report(w, node, fallback, path, `${path}: a rule is a map like { name: '^sshd$' }, got ${describe(node)}`);
    return null;
  }
  // Accept prefer-only keys here so a protect rule with them gets a precise
  // message instead of "unknown key".
  const m = readMap(w, node, path, PREFER_KEYS, path);
  if (!m) return null;
  const r: RuleSpec = {};
  for (const k of MATCHER_KEYS) {
    const e = m.get(k);
    if (!e) continue;
    const v = regex(w, e);
    if (v !== undefined) r[k] = v;
  }
  const pid = m.get('pid');
  if (pid) {
    const v = num(w, pid, { integer: true, min: 1 });
    if (v !== undefined) r.pid = v;
  }
  const startTime = m.get('startTime');
  if (startTime) {
    // A start time alone would name no process; it only pins a PID to one process lifetime.
    if (!pid) at(w, { ...startTime, value: null }, `${startTime.path}: 'startTime' only applies together with 'pid' (it tells a reused PID apart)`);
    else {
      const v = num(w, startTime, { integer: true, min: 0, unit: 'clock ticks since boot' });
      if (v !== undefined) r.startTime = v;
    }
  }
  for (const k of ['priority', 'grace'] as const) {
    const e = m.get(k);
    if (!e) continue;
    if (list === 'protect') {
      at(w, { ...e, value: null }, `${e.path}: '${k}' only applies to prefer rules (protected processes are never killed)`);
      continue;
    }
    const v = k === 'priority' ? num(w, e, { integer: true }) : num(w, e, { min: 0, unit: 'seconds' });
    if (v !== undefined) r[k] = v;
  }
  const given = PROTECT_KEYS.filter((k) => m.has(k));
  if (given.length === 0) {
    // An empty rule would match every process: protect everything or prefer
    // everything. (Unknown keys were already reported; don't pile on.)
    if (m.size === node.items.length && !startTime) report(w, node, fallback, path, `${path}: a rule needs at least one of ${PROTECT_KEYS.join(', ')}`);
    return null;
  }
  return r;
}

function cgroupScopes(w: Walk, e: Entry, node: ScopeSpec): CgroupScopeSpec[] {
  const items = seqItems(w, e);
  if (!items) return [];
  const out: CgroupScopeSpec[] = [];
  for (const item of items) {
    const itemEntry: Entry = { key: e.key, value: item.node, path: item.path };
    // Scalar settings a cgroup entry leaves out come from the node scope;
    // protect/prefer lists are the entry's own.
    const { mode: _nodeMode, ...inherited } = node;
    const { spec, entries } = scopeOf(w, itemEntry, { ...inherited, protect: [], prefer: [] }, ['match']);
    if (!entries) continue;
    const matchEntry = entries.get('match');
    if (!matchEntry) {
      report(w, item.node, e.value, item.path, `${item.path}: a cgroup scope needs 'match' with at least one of ${MATCH_KEYS.join(', ')}`);
      continue;
    }
    const match = matchOf(w, matchEntry);
    if (match) out.push({ ...spec, match });
  }
  return out;
}

function matchOf(w: Walk, e: Entry): CgroupMatchSpec | null {
  const m = readMap(w, e.value, e.path, MATCH_KEYS, e.path, e.key);
  if (!m) return null;
  const out: CgroupMatchSpec = {};
  let ok = true;
  for (const k of MATCH_KEYS) {
    const entry = m.get(k);
    if (!entry) continue;
    const v = regex(w, entry);
    if (v === undefined) ok = false;
    else out[k] = v;
  }
  if (m.size === 0) {
    at(w, e, `${e.path} needs at least one of ${MATCH_KEYS.join(', ')}`);
    return null;
  }
  return ok ? out : null;
}

function intervalOf(w: Walk, e: Entry): Config['interval'] | undefined {
  const m = readMap(w, e.value, e.path, ['min', 'max'], e.path, e.key);
  if (!m) return undefined;
  const d = defaultConfig().interval;
  const minE = m.get('min');
  const maxE = m.get('max');
  const min = minE ? num(w, minE, { integer: true, min: 1, unit: 'milliseconds' }) : d.min;
  const max = maxE ? num(w, maxE, { integer: true, min: 1, unit: 'milliseconds' }) : d.max;
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    at(w, maxE ?? minE ?? e, `${e.path}.max (${max}) must not be below ${e.path}.min (${min})`);
    return undefined;
  }
  return { min, max };
}

/** "PORT", "ADDR:PORT" or "[IPv6]:PORT"; null (or absent) = no metrics endpoint. */
function metricsOf(w: Walk, e: Entry): string | null {
  const v = scalarValue(e);
  if (v === null) return null;
  const text = typeof v === 'number' ? String(v) : v;
  if (typeof text === 'string') {
    const m = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text);
    const port = m ? Number(m[2]) : NaN;
    if (port >= 1 && port <= 65535) return text;
  }
  at(w, e, `${e.path} must be null, "PORT" or "ADDR:PORT" with a port from 1 to 65535, got ${describe(e.value)}`);
  return null;
}

function hooksOf(w: Walk, e: Entry): Config['hooks'] | undefined {
  if (scalarValue(e) === null) return undefined;
  const m = readMap(w, e.value, e.path, ['exec', 'webhook'], e.path, e.key);
  if (!m) return undefined;
  const out: NonNullable<Config['hooks']> = {};
  const exec = m.get('exec');
  if (exec) {
    const x = readMap(w, exec.value, exec.path, ['command', 'timeout', 'before'], exec.path, exec.key);
    if (x) {
      const command = required(w, exec, x, 'command', (c) => str(w, c));
      const timeout = required(w, exec, x, 'timeout', (c) => num(w, c, { min: 0.001, unit: 'seconds' }));
      const beforeE = x.get('before');
      const before = beforeE ? bool(w, beforeE) : false;
      if (command !== undefined && timeout !== undefined && before !== undefined) out.exec = { command, timeout, before };
    }
  }
  const webhook = m.get('webhook');
  if (webhook) {
    const x = readMap(w, webhook.value, webhook.path, ['url', 'timeout'], webhook.path, webhook.key);
    if (x) {
      const url = required(w, webhook, x, 'url', (c) => httpUrl(w, c));
      const timeout = required(w, webhook, x, 'timeout', (c) => num(w, c, { min: 0.001, unit: 'seconds' }));
      if (url !== undefined && timeout !== undefined) out.webhook = { url, timeout };
    }
  }
  return out;
}

function required<T>(w: Walk, parent: Entry, m: Map<string, Entry>, key: string, read: (e: Entry) => T | undefined): T | undefined {
  const e = m.get(key);
  if (e) return read(e);
  at(w, parent, `${parent.path} needs '${key}'`);
  return undefined;
}

function httpUrl(w: Walk, e: Entry): string | undefined {
  const s = str(w, e);
  if (s === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(s).protocol;
  } catch {
    // reported below
  }
  if (protocol === 'http:' || protocol === 'https:') return s;
  at(w, e, `${e.path} must be an http:// or https:// URL, got '${s}'`);
  return undefined;
}
