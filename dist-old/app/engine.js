// The engine: one loop that samples, models, predicts, enforces and publishes
// one AppState. The TUI, the metrics exporter and the headless daemon all sit
// on it. It reads the host only through its SampleSource (and pidusage, for
// the CPU % of the rows on screen) and signals only through the killer.
import { hostname, release, uptime } from 'node:os';
import { watchFile, unwatchFile } from 'node:fs';
import pidusage from 'pidusage';
import { DEFAULT_ROOTS } from '../host/types.js';
import { Sampler, nextIntervalMs } from '../sample/sampler.js';
import { Model, NODE_SCOPE } from '../model/model.js';
import { nodeUsage } from '../model/derive.js';
import { assess, features } from '../predict/predictor.js';
import { loadConfig } from '../policy/load.js';
import * as edits from '../policy/save.js';
import { compileConfig, effectiveMode } from '../policy/rules.js';
import { exclusionOf, rankCandidates } from '../policy/rank.js';
import { resolveCgroupScopes, scopeContains } from '../policy/scopes.js';
import { Enforcer, groupKillSafe, victimInfo } from '../enforce/enforcer.js';
import { Killer } from '../kill/killer.js';
import { EventLog } from '../report/eventlog.js';
import { newEvent } from '../report/event.js';
import { PodDirectory } from '../host/podlogs.js';
import { parseContainerIdentity } from '../host/container.js';
/** How often every memory cgroup is listed and read (covered ones are read every tick). */
const ALL_CGROUPS_MS = { ui: 2000, headless: 5000 };
/** How often scopes are re-resolved even when no cgroup came or went (pod names arrive late). */
const RESOLVE_MS = 5000;
/** How often the process table is rescanned for display or when a scope looks suspicious. */
const PROCESS_SCAN_MS = 2000;
/** Probability above which a covered scope's candidates are kept fresh. */
const SUSPECT_P = 0.3;
const SELF_STATS_MS = 5000;
export class Engine {
    config;
    doc;
    configPath;
    source;
    now;
    model = new Model();
    enforcer;
    killer;
    eventLog;
    pods;
    listeners = new Set();
    eventListeners = new Set();
    beforeKillListeners = new Set();
    state;
    isRoot;
    modeOverride;
    resolved = [];
    compiledNode;
    processes = [];
    lastAllCgroups = -Infinity;
    lastProcessScan = -Infinity;
    lastSelfStats = -Infinity;
    uiWantsProcesses = false;
    timer = null;
    stopped = true;
    selfWrite = 0;
    selfPgid;
    roots;
    opts;
    constructor(opts) {
        this.opts = opts;
        this.isRoot = opts.assumeRoot ?? process.getuid?.() === 0;
        this.configPath = opts.configPath;
        this.modeOverride = opts.modeOverride;
        const { config, doc } = loadConfig(opts.configPath);
        this.config = config;
        this.doc = doc;
        const roots = opts.roots ?? DEFAULT_ROOTS;
        this.roots = roots;
        this.source = opts.source ?? new Sampler({ roots });
        this.now = opts.now ?? (() => performance.now());
        this.killer = opts.killer ?? new Killer({ procRoot: roots.proc });
        this.eventLog = opts.eventLog === false ? null : new EventLog(config.events);
        if (this.eventLog) {
            // A full disk must not go unnoticed: say so where the operator looks (header, stderr via the daemon).
            this.eventLog.onError = (err) => {
                this.state.modeNote = `event log ${this.eventLog?.path}: ${err.message} (events kept in memory)`;
            };
        }
        this.pods = new PodDirectory(opts.podLogRoot ?? config.podLogRoot);
        this.rankContext.protectedPids = ancestorsOf(this.source);
        this.selfPgid = this.source.readProcess(process.pid)?.pgid ?? process.pid;
        this.enforcer = new Enforcer({
            kill: (req) => this.killer.kill(req),
            rankFresh: (id) => this.rankFresh(id),
            usageOf: (id) => this.usageOf(id),
            emit: (e) => this.emit(e),
            beforeKill: (e) => {
                for (const l of this.beforeKillListeners) {
                    try {
                        l(e);
                    }
                    catch {
                        // A hook's failure must never delay or stop the kill.
                    }
                }
            },
            groupSafe: (id, victim) => this.groupSafe(id, victim),
            now: () => this.now(),
            sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        });
        this.state = {
            host: {
                hostname: hostname(),
                kernel: release(),
                bootTime: Date.now() - uptime() * 1000,
                cgroupVersions: this.source.cgroupVersions(),
                psi: false,
                root: this.isRoot,
            },
            mode: 'monitor',
            modeNote: null,
            intervalMs: config.interval.max,
            sample: null,
            scopes: [],
            events: [],
            config,
            configPath: opts.configPath,
            configError: null,
            self: { cpuPct: 0, rss: process.memoryUsage().rss },
            cpu: {},
            processesAt: null,
            counters: { samples: 0, kills: 0, wouldKills: 0 },
        };
        this.applyConfig(config);
        if (this.eventLog?.note)
            this.state.modeNote = [this.state.modeNote, this.eventLog.note].filter(Boolean).join('; ');
    }
    // ---- lifecycle ----
    start() {
        if (!this.stopped)
            return;
        this.stopped = false;
        this.emit(this.plainEvent('start', `oomtop started: mode ${this.state.mode}${this.state.modeNote ? ` (${this.state.modeNote})` : ''}, config ${this.configPath}`));
        if (this.opts.watchConfig !== false) {
            watchFile(this.configPath, { interval: 1000 }, (cur, prev) => {
                if (cur.mtimeMs !== prev.mtimeMs && cur.mtimeMs !== this.selfWrite)
                    this.reloadFromDisk();
            });
        }
        this.loop();
    }
    async stop(reason) {
        if (this.stopped)
            return;
        this.stopped = true;
        if (this.timer)
            clearTimeout(this.timer);
        unwatchFile(this.configPath);
        // A victim inside its TERM->KILL grace still gets its SIGKILL, and the outcome its event.
        await this.enforcer.drain(15_000);
        this.emit(this.plainEvent('stop', `oomtop stopping: ${reason}`));
        this.eventLog?.close();
        this.source.close();
    }
    /** Events as they happen (metrics counters, hooks). */
    onEvent(listener) {
        this.eventListeners.add(listener);
        return () => this.eventListeners.delete(listener);
    }
    /** Told just before each kill (pre-kill hooks). Listeners must not block. */
    onBeforeKill(listener) {
        this.beforeKillListeners.add(listener);
        return () => this.beforeKillListeners.delete(listener);
    }
    loop() {
        if (this.stopped)
            return;
        let interval = this.config.interval.max;
        try {
            interval = this.tick();
        }
        catch (err) {
            this.tickError(`tick failed: ${err.stack ?? String(err)}`);
        }
        this.timer = setTimeout(() => this.loop(), interval);
    }
    /** One sampling round. Returns the delay until the next one, ms. Public for tests and replay. */
    tick(now = this.now()) {
        const allEvery = this.listeners.size > 0 ? ALL_CGROUPS_MS.ui : ALL_CGROUPS_MS.headless;
        const allCgroups = now - this.lastAllCgroups >= allEvery;
        const suspect = this.enforcer.busy() || this.state.scopes.some((s) => s.policyIndex !== null && (s.assessment?.probability ?? 0) >= SUSPECT_P);
        const wantProcs = (this.uiWantsProcesses || suspect) && now - this.lastProcessScan >= PROCESS_SCAN_MS;
        const watched = this.watchedIds;
        const sample = this.source.sample({ allCgroups, watch: (p) => watched.has(p), processes: wantProcs, now });
        if (allCgroups)
            this.lastAllCgroups = now;
        return this.ingest(sample);
    }
    /** Feeds one sample through model, predictor and enforcer, and publishes the state. */
    ingest(sample) {
        this.opts.onSample?.(sample);
        this.model.update(sample);
        if (sample.processes) {
            this.processes = sample.processes;
            this.lastProcessScan = sample.t;
            this.state.processesAt = sample.t;
        }
        this.state.sample = sample;
        this.state.counters.samples++;
        this.state.host.psi = sample.node.psiMemory !== null;
        // Pod names can appear after their cgroups: re-resolve now and then too.
        if (this.model.pathsVersion !== this.resolvedVersion || sample.t - this.resolvedAt >= RESOLVE_MS)
            this.resolveScopes(sample.t);
        const inputs = [];
        const views = [];
        const previous = new Map(this.state.scopes.map((v) => [v.id, v]));
        const byId = new Map(this.resolved.map((r) => [r.id, r]));
        const nodeScope = byId.get(NODE_SCOPE);
        for (const h of [this.model.node, ...[...this.model.cgroups.values()].sort((a, b) => (a.id < b.id ? -1 : 1))]) {
            try {
                this.scopeTick(h, byId.get(h.id) ?? null, nodeScope, inputs, views, previous);
            }
            catch (err) {
                // One bad scope must not stop enforcement of the others.
                this.tickError(`scope ${h.id}: ${err.stack ?? String(err)}`);
            }
        }
        this.state.scopes = views;
        this.enforcer.step(inputs);
        this.refreshSelfStats(sample.t);
        this.publish();
        return this.nextInterval(views);
    }
    scopeTick(h, r, nodeScope, inputs, views, previous) {
        const prev = previous.get(h.id);
        const lastT = h.points[h.points.length - 1]?.t;
        // An uncovered cgroup gains a point only on the slow tier: until it does,
        // or its kill list is due, its view stays as it was (no work, no garbage).
        const shown = this.uiWantsProcesses && h.id === this.focusedScope;
        if (r === null && prev && prev.policyIndex === null && prev.assessment?.t === lastT && !(shown && this.rankDue(h.id))) {
            views.push(prev);
            return;
        }
        const level = (r ?? nodeScope).spec.level;
        const a = this.assessCached(h, level, r ? this.enforcer.evidenceSince(h.id) : 0, prev);
        if (r && a) {
            const last = h.points[h.points.length - 1];
            inputs.push({ id: h.id, mode: r.mode, level, assessment: a, usage: last.usage, kill: r.spec.kill });
            if (last.rates.oomKills > 0) {
                this.kernelOom(h, a, last.rates.oomKills, r.mode);
                this.enforcer.noteExternalKill(h.id, last.t);
            }
        }
        views.push(this.view(h, r, a, level, prev));
    }
    /** Uncovered cgroups gain a point only every few seconds: reuse their assessment until they do. */
    assessCached(h, level, since, prev) {
        const last = h.points[h.points.length - 1];
        const a = prev?.assessment;
        if (a && last && a.t === last.t && a.level === level && since === 0)
            return a;
        return assess(h, level, since);
    }
    lastTickError = -Infinity;
    /** Errors in the loop are events, at most one every 10 s, so a persistent fault does not flood the log. */
    tickError(message) {
        const t = this.now();
        if (t - this.lastTickError < 10_000)
            return;
        this.lastTickError = t;
        this.emit(this.plainEvent('error', message, 'error'));
    }
    // ---- scopes and ranking ----
    resolvedVersion = -1;
    resolvedAt = -Infinity;
    /** Covered cgroups: read every tick with their fds kept open. */
    watchedIds = new Set();
    resolveScopes(t = this.resolvedAt) {
        this.resolvedVersion = this.model.pathsVersion;
        this.resolvedAt = t;
        const paths = [...this.model.cgroups.keys()];
        const map = resolveCgroupScopes(this.config, paths, (p) => this.podOf(p));
        const out = [
            { id: NODE_SCOPE, policyIndex: -1, spec: this.config.node, compiled: this.compiledNode, mode: this.effectiveMode(-1) },
        ];
        for (const [path, index] of map) {
            const spec = this.config.cgroups[index];
            out.push({ id: path, policyIndex: index, spec, compiled: this.compiledCgroups[index], mode: this.effectiveMode(index) });
        }
        this.watchedIds = new Set(map.keys());
        // Kill lists of cgroups that are gone (pods come and go for months).
        for (const id of this.lastRankedAt.keys())
            if (id !== NODE_SCOPE && !this.model.cgroups.has(id))
                this.lastRankedAt.delete(id);
        this.resolved = out;
    }
    compiledCgroups = [];
    effectiveMode(ref) {
        if (!this.isRoot)
            return 'monitor';
        return this.modeOverride ?? effectiveMode(this.config, ref);
    }
    view(h, r, a, level, prev) {
        const pod = h.kind === 'cgroup' ? this.podOf(h.id) : null;
        const fresh = prev?.candidates !== undefined && !this.rankDue(h.id);
        let candidates = fresh ? prev.candidates : [];
        // Ranked: covered scopes (the enforcer and metrics need them) and the one the UI shows.
        const wanted = r !== null || (this.uiWantsProcesses && h.id === this.focusedScope);
        if (!fresh && this.processes.length > 0 && wanted) {
            candidates = this.rank(h.id, r, this.processes);
            this.lastRankedAt.set(h.id, this.state.processesAt ?? 0);
        }
        return {
            id: h.id,
            kind: h.kind,
            label: pod?.name ? `${pod.namespace}/${pod.name}` : h.id,
            pod,
            history: h,
            assessment: a,
            policyIndex: r ? r.policyIndex : null,
            effectiveMode: r ? r.mode : null,
            level: r ? level : null,
            candidates,
        };
    }
    lastRankedAt = new Map();
    /** A scope's kill list is due when processes were scanned since it was last ranked. */
    rankDue(id) {
        return this.state.processesAt !== null && this.lastRankedAt.get(id) !== this.state.processesAt;
    }
    rankContext = {
        selfPid: process.pid,
        protectedPids: new Set(),
        podOf: (p) => (p.podUid ? this.podByUid(p.podUid) : null),
    };
    rank(id, r, procs) {
        const compiled = r?.compiled ?? this.compiledNode;
        const members = id === NODE_SCOPE ? procs : procs.filter((p) => scopeContains(id, p.cgroup));
        return rankCandidates(members, compiled, this.rankContext);
    }
    /** A group member anywhere on the host that the scope's policy (the node's protect rules included) excludes forbids the group kill. */
    groupSafe(id, victim) {
        const scope = this.resolved.find((x) => x.id === id)?.compiled ?? this.compiledNode;
        const excluded = (p) => exclusionOf(p, scope, this.rankContext) !== null;
        return groupKillSafe(victim, this.processes, this.selfPgid, excluded);
    }
    rankFresh(id) {
        const t = this.now();
        this.processes = this.source.scanProcesses();
        this.state.processesAt = t;
        this.lastProcessScan = t;
        const r = this.resolved.find((x) => x.id === id) ?? null;
        const ranked = this.rank(id, r, this.processes);
        this.recheckFirstEligible(ranked, r?.compiled ?? this.compiledNode);
        return ranked;
    }
    /**
     * The scan caches cmdline, cgroup and oom_score_adj for up to 10 s. Before a
     * victim is chosen, re-read the first eligible candidates fresh and drop any
     * that is gone, was replaced, or has since become protected (e.g. set its
     * oom_score_adj to -1000), so the choice never rests on stale identity.
     */
    recheckFirstEligible(ranked, scope) {
        for (const c of ranked) {
            if (!c.eligible)
                continue;
            const fresh = this.source.readProcess(c.proc.pid);
            const excluded = fresh && fresh.startTime === c.proc.startTime ? exclusionOf(fresh, scope, this.rankContext) : { reason: 'exited before it could be chosen' };
            if (!excluded) {
                c.proc = fresh;
                return;
            }
            c.eligible = false;
            c.rank = 0;
            c.reason = `${excluded.reason} (re-checked)`;
        }
    }
    usageOf(id) {
        if (id === NODE_SCOPE) {
            return nodeUsage(this.source.readNode().meminfo);
        }
        return this.source.readCgroup(id)?.usage ?? null;
    }
    podOf(cgroupPath) {
        const id = parseContainerIdentity(cgroupPath);
        if (!id.podUid)
            return null;
        const p = this.podByUid(id.podUid);
        return { uid: id.podUid, name: p?.name ?? null, namespace: p?.namespace ?? null, qos: id.qos };
    }
    podByUid(uid) {
        return this.pods.lookup(uid);
    }
    // ---- events ----
    emit(e) {
        this.eventLog?.append(e);
        if ((e.type === 'kill' || e.type === 'manual-kill') && (e.outcome === 'exited' || e.outcome === 'killed'))
            this.state.counters.kills++;
        if (e.type === 'would-kill')
            this.state.counters.wouldKills++;
        const ev = this.state.events;
        ev.push(e);
        const max = this.opts.recentEvents ?? 200;
        if (ev.length > max)
            ev.splice(0, ev.length - max);
        for (const l of this.eventListeners) {
            try {
                l(e);
            }
            catch {
                // A listener's failure must never stop enforcement.
            }
        }
    }
    kernelOom(h, a, count, mode) {
        this.emit({
            ...this.plainEvent('kernel-oom', `kernel OOM killer killed ${count} process(es) in ${h.id}`),
            scope: h.id,
            mode,
            level: a.level,
            probability: a.probability,
            reasons: a.reasons.slice(0, 4),
        });
    }
    plainEvent(type, message, outcome = null) {
        return newEvent({ type, t: this.now(), message, outcome, mode: this.state?.mode ?? null });
    }
    // ---- publishing ----
    publish() {
        for (const l of this.listeners) {
            try {
                l(this.state);
            }
            catch (err) {
                this.emit(this.plainEvent('error', `state listener failed: ${String(err)}`, 'error'));
            }
        }
    }
    nextInterval(views) {
        const { min, max } = this.config.interval;
        if (this.enforcer.busy())
            return min;
        let worst = max;
        for (const v of views) {
            if (v.policyIndex === null)
                continue;
            const pts = v.history.points;
            const last = pts[pts.length - 1];
            const prev = pts[pts.length - 2];
            // Headroom as the predictor sees it (the remembered mapped working set,
            // which collapses under eviction exactly when sampling must not slow).
            const f = features(v.history);
            if (!last || !f)
                continue;
            const headroomFraction = Math.max(0, 1 - f.fill);
            // Growth from the last two samples alone: the predictor's slope needs
            // three, and the interval must shorten as soon as growth shows.
            const dt = prev ? (last.t - prev.t) / 1000 : 0;
            const fillRate = prev && dt > 0 && f.capacity > 0 ? (last.pinned - prev.pinned) / f.capacity / dt : 0;
            worst = Math.min(worst, nextIntervalMs({ headroomFraction, fillRateFractionPerSec: fillRate, min, max }));
        }
        this.state.intervalMs = worst;
        return worst;
    }
    /** CPU % of the rows on screen, measured by pidusage over the interval between calls. */
    refreshRowCpu(t) {
        // pidusage reads /proc itself: with another proc root (a DaemonSet's /host/proc) its PIDs would be the wrong ones.
        if (this.opts.source || this.rowPids.length === 0 || this.roots.proc !== '/proc' || t - this.lastRowCpu < PROCESS_SCAN_MS)
            return;
        this.lastRowCpu = t;
        const pids = this.rowPids;
        pidusage(pids, (err, stats) => {
            if (err || !stats)
                return;
            const cpu = {};
            for (const pid of pids) {
                const st = stats[pid];
                if (st)
                    cpu[pid] = st.cpu;
            }
            this.state.cpu = cpu;
        });
    }
    refreshSelfStats(t) {
        this.refreshRowCpu(t);
        if (this.opts.source || t - this.lastSelfStats < SELF_STATS_MS)
            return;
        this.lastSelfStats = t;
        pidusage(process.pid, (err, stat) => {
            if (!err && stat)
                this.state.self = { cpuPct: stat.cpu, rss: stat.memory };
        });
    }
    // ---- configuration ----
    applyConfig(loaded) {
        const lv = this.opts.levelOverride;
        const config = lv
            ? { ...loaded, node: { ...loaded.node, level: lv }, cgroups: loaded.cgroups.map((c) => ({ ...c, level: lv })) }
            : loaded;
        this.config = config;
        this.state.config = config;
        const compiled = compileConfig(config);
        this.compiledNode = compiled.node;
        // The node's protect rules hold in every scope: sshd is never a victim, whichever cgroup it runs in.
        this.compiledCgroups = compiled.cgroups.map((c) => ({ ...c, protect: [...c.protect, ...compiled.node.protect] }));
        this.state.mode = this.isRoot ? (this.modeOverride ?? config.mode) : 'monitor';
        if (!this.isRoot)
            this.state.modeNote = 'not root: monitor only (no kills, some /proc files unreadable)';
        this.lastRankedAt.clear();
        this.resolveScopes();
    }
    /** Records a runtime event (hangup, notes at start) in the log and the UI. */
    note(type, message) {
        this.emit(this.plainEvent(type, message));
        this.publish();
    }
    /** Whether any covered scope would kill (the TUI asks before quitting, a hangup keeps it running). */
    anyArmed() {
        return this.resolved.some((r) => r.mode === 'armed');
    }
    reloadFromDisk() {
        try {
            const { config, doc } = loadConfig(this.configPath);
            const before = this.config;
            this.doc = doc;
            this.applyConfig(config);
            this.state.configError = null;
            // These are wired at start-up (files, sockets, children): say so rather than pretend.
            const later = ['events', 'metrics', 'podLogRoot', 'hooks'].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(config[k]));
            this.emit(this.plainEvent('config', `config reloaded from ${this.configPath}${later.length ? `; ${later.join(', ')} take effect after a restart` : ''}`));
        }
        catch (err) {
            // A bad edit on disk keeps the running policy.
            this.state.configError = err.message;
            this.emit(this.plainEvent('config', `config on disk rejected, running policy kept: ${err.message}`, 'rejected'));
        }
        this.publish();
    }
    async edit(what, change) {
        const doc = this.doc.clone();
        change(doc);
        try {
            const config = edits.writeConfigAtomic(this.configPath, doc);
            this.selfWrite = edits.mtimeOf(this.configPath);
            this.doc = doc;
            this.applyConfig(config);
            this.state.configError = null;
            this.emit(this.plainEvent('config', `config edited: ${what}`));
        }
        catch (err) {
            this.state.configError = err.message;
            this.emit(this.plainEvent('config', `edit rejected (${what}): ${err.message}`, 'rejected'));
            throw err;
        }
        finally {
            this.publish();
        }
    }
    // ---- EngineControl ----
    getState() {
        return this.state;
    }
    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    async setMode(mode, scope) {
        const before = this.state.mode;
        await this.edit(`mode ${mode}${scope !== undefined ? ` for ${scopeName(scope)}` : ''}`, (d) => edits.setMode(d, mode, scope));
        if (scope === undefined && this.modeOverride && this.modeOverride !== mode) {
            // The operator's choice in the UI wins over the command-line override.
            this.modeOverride = undefined;
            this.applyConfig(this.config);
        }
        this.emit(this.plainEvent('mode', `mode ${before} -> ${this.state.mode}`));
    }
    setLevel(scope, level) {
        return this.edit(`level ${level} for ${scopeName(scope)}`, (d) => edits.setLevel(d, scope, level));
    }
    addRule(scope, list, rule) {
        return this.edit(`add ${list} rule to ${scopeName(scope)}`, (d) => edits.addRule(d, scope, list, rule));
    }
    updateRule(scope, list, index, rule) {
        return this.edit(`change ${list}[${index}] of ${scopeName(scope)}`, (d) => edits.updateRule(d, scope, list, index, rule));
    }
    removeRule(scope, list, index) {
        return this.edit(`remove ${list}[${index}] of ${scopeName(scope)}`, (d) => edits.removeRule(d, scope, list, index));
    }
    async manualKill(pid, startTime, signal) {
        const proc = this.processes.find((p) => p.pid === pid && p.startTime === startTime) ?? null;
        let result;
        if (!this.isRoot && proc && proc.uid !== process.getuid?.()) {
            result = null;
        }
        else {
            result = await this.killer.kill({ pid, startTime, group: false, grace: 5, signal });
        }
        const e = {
            ...this.plainEvent('manual-kill', result ? `operator sent ${signal} to pid ${pid}: ${result.outcome}` : `not permitted to signal pid ${pid}`),
            victim: proc ? victimInfo(proc) : null,
            signal,
            outcome: result?.outcome ?? 'eperm',
            timings: result ? { signalMs: result.signalMs, exitMs: result.exitMs ?? undefined } : {},
        };
        this.emit(e);
        this.publish();
        return e;
    }
    focusedScope = NODE_SCOPE;
    rowPids = [];
    lastRowCpu = -Infinity;
    watchRows(scopeId, pids) {
        this.focusedScope = scopeId;
        // A screenful; more would be a UI bug, not a reason to read thousands of files.
        this.rowPids = pids.slice(0, 300);
    }
    wantProcesses(yes) {
        this.uiWantsProcesses = yes;
        if (yes)
            this.lastProcessScan = -Infinity;
    }
    /** For `oomtop list`: a fresh scan and the ranked list of one scope. */
    rankedNow(scopeId) {
        return this.rankFresh(scopeId);
    }
}
function scopeName(ref) {
    return ref === -1 ? 'node' : `cgroups[${ref}]`;
}
/** oomtop and every ancestor up to init: never victims (killing our parent shell or tmux would take us with it). */
function ancestorsOf(source) {
    const out = new Set([process.pid]);
    let pid = process.ppid;
    for (let i = 0; i < 64 && pid > 1; i++) {
        out.add(pid);
        const p = source.readProcess(pid);
        if (!p)
            break;
        pid = p.ppid;
    }
    return out;
}
