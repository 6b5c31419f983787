// Prometheus exporter: GET /metrics (text exposition) and GET /healthz.
//
// Gauges are filled from one AppState snapshot per scrape, so every series in
// a response describes the same tick. Counters for kills come from events
// (onEvent), because the state only keeps a bounded tail of them.
//
// Cardinality is bounded on purpose: the per-scope label is the scope id
// ("node" or a cgroup path) plus pod namespace/name when known, never a PID;
// at most `maxScopes` scopes are exported per scrape (policy-covered ones
// first, then the rest by usage), and counter label values are capped too.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Counter, Gauge, Registry } from 'prom-client';
import { LEVELS, MODES } from '../policy/types.js';
const DEFAULT_MAX_SCOPES = 50;
const DEFAULT_MAX_EVENT_SCOPES = 200;
/** /healthz fails once the last sample is older than this many intervals. */
const STALE_INTERVALS = 10;
const SCOPE_LABELS = ['scope', 'namespace', 'pod'];
/**
 * Parses "ADDR:PORT", "PORT" (loopback), ":PORT" (all interfaces, as
 * Prometheus itself spells it) and "[v6addr]:PORT".
 */
export function parseListenSpec(spec) {
    const s = spec.trim();
    let host;
    let portText;
    const v6 = /^\[([0-9a-fA-F:.%\w]+)\]:(\d+)$/.exec(s);
    if (v6) {
        host = v6[1];
        portText = v6[2];
    }
    else if (/^\d+$/.test(s)) {
        host = '127.0.0.1';
        portText = s;
    }
    else {
        const colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') !== colon)
            throw new Error(`bad listen address '${spec}': want ADDR:PORT, PORT or [v6addr]:PORT`);
        host = s.slice(0, colon) || '0.0.0.0';
        portText = s.slice(colon + 1);
    }
    if (!/^\d+$/.test(portText))
        throw new Error(`bad listen address '${spec}': port '${portText}' is not a number`);
    const port = Number(portText);
    if (port > 65535)
        throw new Error(`bad listen address '${spec}': port ${port} out of range`);
    return { host, port };
}
function packageVersion() {
    try {
        // src/report/metrics.ts and dist/report/metrics.js both sit two levels below the package root.
        const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
        return typeof pkg.version === 'string' ? pkg.version : 'unknown';
    }
    catch {
        return 'unknown';
    }
}
/** Which scopes to export: node, then policy-covered by probability, then the rest by usage. */
export function selectScopes(scopes, max) {
    const usage = (v) => v.history.points.at(-1)?.usage ?? 0;
    const prob = (v) => v.assessment?.probability ?? 0;
    const node = scopes.filter((v) => v.kind === 'node');
    const covered = scopes
        .filter((v) => v.kind !== 'node' && v.policyIndex !== null)
        .sort((a, b) => prob(b) - prob(a) || usage(b) - usage(a));
    const rest = scopes.filter((v) => v.kind !== 'node' && v.policyIndex === null).sort((a, b) => usage(b) - usage(a));
    return [...node, ...covered, ...rest].slice(0, Math.max(0, max));
}
export class MetricsServer {
    getState;
    registry = new Registry();
    maxScopes;
    maxEventScopes;
    now;
    startedAt;
    version = packageVersion();
    eventScopes = new Set();
    lastKillAt = new Map();
    server = null;
    g = {};
    kills;
    wouldKills;
    manualKills;
    kernelOoms;
    lastKill;
    constructor(getState, opts = {}) {
        this.getState = getState;
        this.maxScopes = opts.maxScopes ?? DEFAULT_MAX_SCOPES;
        this.maxEventScopes = opts.maxEventScopes ?? DEFAULT_MAX_EVENT_SCOPES;
        this.now = opts.now ?? Date.now;
        this.startedAt = this.now();
        const reg = [this.registry];
        const gauge = (name, help, labelNames = SCOPE_LABELS) => {
            this.g[name] = new Gauge({ name, help, labelNames, registers: reg });
        };
        gauge('oomtop_build_info', 'oomtop build; value is always 1.', ['version', 'nodejs']);
        gauge('oomtop_mode', 'Enforcer mode of the whole daemon: 1 for the active mode, 0 for the others.', ['mode']);
        gauge('oomtop_sample_interval_seconds', 'Current sampling interval.', []);
        gauge('oomtop_sample_duration_seconds', 'Time the last sample took to read, by tier (fast: node+cgroups, process: process scan).', ['tier']);
        gauge('oomtop_last_sample_timestamp_seconds', 'Wall-clock time of the last sample, seconds since the epoch.', []);
        gauge('oomtop_self_resident_memory_bytes', "oomtop's own resident set size.", []);
        gauge('oomtop_self_cpu_ratio', "oomtop's own CPU use, as a fraction of one CPU.", []);
        gauge('oomtop_exported_scopes', 'Scopes exported in this scrape (capped).', []);
        gauge('oomtop_known_scopes', 'Scopes oomtop tracks (exported or not).', []);
        gauge('oomtop_node_memory_total_bytes', 'MemTotal.', []);
        gauge('oomtop_node_memory_available_bytes', "MemAvailable (the kernel's estimate; counts all page cache as available).", []);
        gauge('oomtop_node_watermark_bytes', 'Per-zone watermarks summed over zones.', ['watermark']);
        gauge('oomtop_node_swap_free_bytes', 'SwapFree.', []);
        gauge('oomtop_scope_info', 'Scope metadata; value is always 1.', [...SCOPE_LABELS, 'kind', 'pod_uid', 'qos', 'policy']);
        gauge('oomtop_scope_oom_probability', 'Predicted probability (0..1) of OOM or a near-OOM stall within the level horizon.');
        gauge('oomtop_scope_danger', '1 when the probability is at or above the action threshold of the level.');
        gauge('oomtop_scope_time_to_exhaustion_seconds', 'Seconds until non-reclaimable need meets capacity at the current trend (absent when not filling).');
        gauge('oomtop_scope_deficit_bytes', 'Bytes that must be freed to get back below the safe fill of the level.');
        gauge('oomtop_scope_level', 'Policy level: 1 for the active level, 0 for the others (absent when no policy covers the scope).', [...SCOPE_LABELS, 'level']);
        gauge('oomtop_scope_mode', 'Effective enforcer mode for the scope: 1 for the active one, 0 for the others.', [...SCOPE_LABELS, 'mode']);
        gauge('oomtop_scope_usage_bytes', 'Memory usage (node: MemTotal - MemFree; cgroup: usage).');
        gauge('oomtop_scope_capacity_bytes', 'What the scope may use before hard reclaim: cgroup limit, or MemTotal minus the high watermark, plus free swap.');
        gauge('oomtop_scope_limit_bytes', 'cgroup memory limit, or MemTotal for the node (absent when unlimited).');
        gauge('oomtop_scope_working_set_bytes', 'Working set as kubelet computes it: usage minus inactive file.');
        gauge('oomtop_scope_pinned_bytes', 'Memory reclaim cannot take without swap: anon + shmem + unevictable (+ unreclaimable slab for the node).');
        gauge('oomtop_scope_mapped_file_bytes', 'File pages mapped into processes: the working set re-faulted at once when evicted.');
        gauge('oomtop_scope_headroom_bytes', 'Capacity minus pinned minus mapped file: room left before the stall begins.');
        gauge('oomtop_scope_available_bytes', "The kernel's view of available memory (node: MemAvailable; cgroup: limit - usage + inactive file).");
        gauge('oomtop_scope_major_faults_per_second', 'Major page faults per second over the last interval.');
        gauge('oomtop_scope_refaults_per_second', 'Workingset refaults (pages) per second over the last interval.', [...SCOPE_LABELS, 'type']);
        gauge('oomtop_scope_scanned_pages_per_second', 'Pages scanned by reclaim per second (node only on cgroup v1).');
        gauge('oomtop_scope_pressure_stalled_ratio', 'Share of the last interval with memory stalls (PSI), 0..1.', [...SCOPE_LABELS, 'stall']);
        const eventLabels = ['scope', 'namespace', 'pod', 'reason', 'outcome'];
        this.kills = new Counter({ name: 'oomtop_kills_total', help: 'Signals sent to victims by the enforcer, by scope, leading reason signal and outcome.', labelNames: eventLabels, registers: reg });
        this.wouldKills = new Counter({ name: 'oomtop_would_kills_total', help: 'Kills the enforcer would have made in dry-run mode.', labelNames: eventLabels, registers: reg });
        this.manualKills = new Counter({ name: 'oomtop_manual_kills_total', help: 'Signals sent by an operator from the TUI.', labelNames: eventLabels, registers: reg });
        this.kernelOoms = new Counter({ name: 'oomtop_kernel_oom_kills_total', help: "The kernel's own OOM kills observed, by scope.", labelNames: ['scope', 'namespace', 'pod'], registers: reg });
        this.lastKill = new Gauge({ name: 'oomtop_last_kill_timestamp_seconds', help: 'Wall-clock time of the last enforcer kill in the scope, seconds since the epoch.', labelNames: ['scope', 'namespace', 'pod'], registers: reg });
        const self = this;
        new Counter({
            name: 'oomtop_samples_total',
            help: 'Samples taken since start.',
            registers: reg,
            // The engine keeps the count; mirror it at scrape time.
            collect() {
                this.reset();
                this.inc(self.getState().counters.samples);
            },
        });
    }
    /** Bumps the kill counters; call for every event the engine emits. */
    onEvent(e) {
        try {
            const where = this.eventScope(e.scope);
            const labels = { ...where, reason: this.bounded(e.reasons[0]?.signal ?? 'none'), outcome: this.bounded(e.outcome ?? 'unknown') };
            if (e.type === 'kill') {
                this.kills.inc(labels);
                // Events may arrive out of order (a late TERM->KILL outcome): keep the newest.
                const at = Date.parse(e.time) / 1000;
                const key = JSON.stringify(where);
                if (Number.isFinite(at) && at > (this.lastKillAt.get(key) ?? -Infinity)) {
                    this.lastKillAt.set(key, at);
                    this.lastKill.set(where, at);
                }
            }
            else if (e.type === 'would-kill')
                this.wouldKills.inc(labels);
            else if (e.type === 'manual-kill')
                this.manualKills.inc(labels);
            else if (e.type === 'kernel-oom')
                this.kernelOoms.inc(where);
        }
        catch {
            // Metrics must never break the event path.
        }
    }
    /** Renders the exposition text from the current state (what GET /metrics serves). */
    async render() {
        this.refresh(this.getState());
        return this.registry.metrics();
    }
    get contentType() {
        return this.registry.contentType;
    }
    /** Fresh when the last sample is younger than 10 intervals (or, before the first sample, the daemon is). */
    health() {
        const s = this.getState();
        const intervalMs = Math.max(s.intervalMs, s.config?.interval?.max ?? 0, 1);
        const limit = STALE_INTERVALS * intervalMs;
        const now = this.now();
        if (!s.sample) {
            const up = now - this.startedAt;
            return up <= limit ? { ok: true, text: 'ok (starting)\n' } : { ok: false, text: `no sample after ${(up / 1000).toFixed(1)} s\n` };
        }
        const age = now - s.sample.wallTime;
        if (age <= limit)
            return { ok: true, text: 'ok\n' };
        return { ok: false, text: `stale: last sample ${(age / 1000).toFixed(1)} s ago (limit ${(limit / 1000).toFixed(1)} s)\n` };
    }
    async listen(spec) {
        if (this.server)
            throw new Error('metrics server already listening');
        const { host, port } = parseListenSpec(spec);
        const server = createServer((req, res) => void this.handle(req, res));
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(port, host, () => {
                server.off('error', reject);
                resolve();
            });
        });
        server.on('error', () => { }); // per-connection errors must not crash the daemon
        this.server = server;
        const addr = server.address();
        return { address: addr.address, port: addr.port };
    }
    async close() {
        const server = this.server;
        this.server = null;
        if (!server)
            return;
        await new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
        });
    }
    async handle(req, res) {
        try {
            const path = (req.url ?? '/').split('?')[0];
            if (req.method !== 'GET' && req.method !== 'HEAD') {
                res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
            }
            else if (path === '/metrics') {
                const body = await this.render();
                res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(req.method === 'HEAD' ? undefined : body);
            }
            else if (path === '/healthz') {
                const h = this.health();
                res.writeHead(h.ok ? 200 : 503, { 'Content-Type': 'text/plain' }).end(req.method === 'HEAD' ? undefined : h.text);
            }
            else {
                res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try /metrics or /healthz\n');
            }
        }
        catch (err) {
            if (!res.headersSent)
                res.writeHead(500, { 'Content-Type': 'text/plain' });
            res.end(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        }
    }
    bounded(v) {
        return v.length > 64 ? v.slice(0, 64) : v;
    }
    /** Scope labels for a counter; new scopes beyond the cap become "other" so pod churn cannot grow series forever. */
    eventScope(scope) {
        const id = scope ?? 'none';
        const view = this.getState().scopes.find((v) => v.id === id);
        if (!this.eventScopes.has(id)) {
            if (this.eventScopes.size >= this.maxEventScopes)
                return { scope: 'other', namespace: '', pod: '' };
            this.eventScopes.add(id);
        }
        return { scope: id, namespace: view?.pod?.namespace ?? '', pod: view?.pod?.name ?? '' };
    }
    refresh(s) {
        for (const g of Object.values(this.g))
            g.reset();
        const g = this.g;
        const set = (name, labels, v) => {
            if (v !== null && v !== undefined && Number.isFinite(v))
                g[name].set(labels, v);
        };
        set('oomtop_build_info', { version: this.version, nodejs: process.version }, 1);
        for (const m of MODES)
            set('oomtop_mode', { mode: m }, s.mode === m ? 1 : 0);
        set('oomtop_sample_interval_seconds', {}, s.intervalMs / 1000);
        set('oomtop_self_resident_memory_bytes', {}, s.self.rss);
        set('oomtop_self_cpu_ratio', {}, s.self.cpuPct / 100);
        set('oomtop_known_scopes', {}, s.scopes.length);
        const sample = s.sample;
        if (sample) {
            set('oomtop_sample_duration_seconds', { tier: 'fast' }, sample.cost.fastMs / 1000);
            set('oomtop_sample_duration_seconds', { tier: 'process' }, sample.cost.processMs === null ? null : sample.cost.processMs / 1000);
            set('oomtop_last_sample_timestamp_seconds', {}, sample.wallTime / 1000);
            const mi = sample.node.meminfo;
            set('oomtop_node_memory_total_bytes', {}, mi.memTotal);
            set('oomtop_node_memory_available_bytes', {}, mi.memAvailable);
            set('oomtop_node_swap_free_bytes', {}, mi.swapFree);
            const wm = sample.node.watermarks;
            for (const k of ['min', 'low', 'high'])
                set('oomtop_node_watermark_bytes', { watermark: k }, wm[k]);
        }
        const chosen = selectScopes(s.scopes, this.maxScopes);
        set('oomtop_exported_scopes', {}, chosen.length);
        for (const v of chosen) {
            const l = { scope: v.id, namespace: v.pod?.namespace ?? '', pod: v.pod?.name ?? '' };
            const policy = v.policyIndex === null ? '' : v.policyIndex === -1 ? 'node' : `cgroups[${v.policyIndex}]`;
            set('oomtop_scope_info', { ...l, kind: v.kind, pod_uid: v.pod?.uid ?? '', qos: v.pod?.qos ?? '', policy }, 1);
            const a = v.assessment;
            if (a) {
                set('oomtop_scope_oom_probability', l, a.probability);
                set('oomtop_scope_danger', l, a.danger ? 1 : 0);
                set('oomtop_scope_time_to_exhaustion_seconds', l, a.timeToExhaustion);
                set('oomtop_scope_deficit_bytes', l, a.deficit);
            }
            if (v.level)
                for (const lv of LEVELS)
                    set('oomtop_scope_level', { ...l, level: lv }, v.level === lv ? 1 : 0);
            if (v.effectiveMode)
                for (const m of MODES)
                    set('oomtop_scope_mode', { ...l, mode: m }, v.effectiveMode === m ? 1 : 0);
            const p = v.history.points.at(-1);
            if (p) {
                set('oomtop_scope_usage_bytes', l, p.usage);
                set('oomtop_scope_capacity_bytes', l, p.capacity);
                set('oomtop_scope_working_set_bytes', l, p.workingSet);
                set('oomtop_scope_pinned_bytes', l, p.pinned);
                set('oomtop_scope_mapped_file_bytes', l, p.mappedFile);
                set('oomtop_scope_headroom_bytes', l, p.capacity - p.pinned - p.mappedFile);
                set('oomtop_scope_available_bytes', l, p.available);
                set('oomtop_scope_major_faults_per_second', l, p.rates.majfault);
                set('oomtop_scope_refaults_per_second', { ...l, type: 'file' }, p.rates.refaultFile);
                set('oomtop_scope_refaults_per_second', { ...l, type: 'anon' }, p.rates.refaultAnon);
                set('oomtop_scope_scanned_pages_per_second', l, p.rates.scan);
                set('oomtop_scope_pressure_stalled_ratio', { ...l, stall: 'some' }, p.rates.psiSome === null ? null : p.rates.psiSome / 100);
                set('oomtop_scope_pressure_stalled_ratio', { ...l, stall: 'full' }, p.rates.psiFull === null ? null : p.rates.psiFull / 100);
            }
            // Infinity (unlimited) is skipped by set(): an absent series reads better than +Inf.
            set('oomtop_scope_limit_bytes', l, v.history.points.at(-1)?.limit);
        }
    }
}
