import { newEvent } from '../report/event.js';
const DEFAULTS = { confirmSamples: 2, confirmMs: 150, settleMs: 1000, dryRunRepeatMs: 10_000, calmSamples: 3, failedVictimMs: 300_000 };
export class Enforcer {
    deps;
    scopes = new Map();
    /** The kill under way, if any: kills are serialised, so nested scopes (the node and a cgroup in it) never both act on one shortage. */
    current = null;
    /** Victims whose kill failed (EPERM, D state, error), by "pid:startTime": passed over until the entry expires, so the next candidate gets its turn. */
    failed = new Map();
    opts;
    constructor(deps, opts = {}) {
        this.deps = deps;
        this.opts = { ...DEFAULTS, ...opts };
    }
    /** Evidence window start for a scope's assessment (0: all history). */
    evidenceSince(scopeId) {
        return this.scopes.get(scopeId)?.evidenceSince ?? 0;
    }
    /** The kernel's own OOM killer acted in a scope: like a kill of ours, only later evidence counts. */
    noteExternalKill(scopeId, t) {
        const st = this.scopes.get(scopeId);
        if (st) {
            st.evidenceSince = t;
            st.dangerRun = 0;
        }
    }
    /** True while any scope is in danger or acting: the engine samples fast and keeps processes fresh. */
    busy() {
        for (const s of this.scopes.values())
            if (s.phase !== 'calm')
                return true;
        return false;
    }
    /** Resolves when the kill under way (if any) has finished, or after `ms`. */
    async drain(ms) {
        if (!this.current)
            return;
        await Promise.race([this.current, new Promise((r) => setTimeout(r, ms))]);
    }
    /** Called once per tick with every covered scope's latest assessment. Never throws. */
    step(inputs) {
        const seen = new Set();
        for (const input of inputs) {
            seen.add(input.id);
            try {
                this.stepScope(input);
            }
            catch (err) {
                this.deps.emit(this.event(input, 'error', { message: `enforcer: ${err.stack ?? String(err)}` }));
            }
        }
        // A scope no longer covered (cgroup removed, policy changed) must not keep the engine busy forever.
        for (const [id, st] of this.scopes)
            if (!seen.has(id) && st.phase !== 'acting')
                this.scopes.delete(id);
        const now = this.deps.now();
        for (const [key, until] of this.failed)
            if (until <= now)
                this.failed.delete(key);
    }
    stepScope(input) {
        const st = this.state(input.id);
        if (st.phase === 'acting')
            return;
        const a = input.assessment;
        if (!a.danger) {
            st.dangerRun = 0;
            st.calmRun++;
            // Leaving danger needs a few calm samples in a row, so a scope on the
            // threshold does not write a decision event every tick.
            if (st.phase === 'danger' && st.calmRun >= this.opts.calmSamples) {
                this.decision(input, `back to calm (p=${a.probability.toFixed(2)})`);
                st.phase = 'calm';
                st.episodeStart = null;
                st.noCandidateReported = false;
                st.lastWouldKillAt = -Infinity;
            }
            return;
        }
        st.calmRun = 0;
        if (st.dangerRun === 0)
            st.dangerRunStart = a.t;
        st.dangerRun++;
        if (st.phase === 'calm') {
            st.phase = 'danger';
            st.episodeStart = a.t;
            this.decision(input, `danger: p=${a.probability.toFixed(2)} at level ${input.level}`);
        }
        const confirmed = st.dangerRun >= this.opts.confirmSamples && a.t - st.dangerRunStart >= this.opts.confirmMs;
        if (!confirmed || input.mode === 'monitor')
            return;
        if (input.mode === 'dry-run') {
            if (a.t - st.lastWouldKillAt >= this.opts.dryRunRepeatMs) {
                st.lastWouldKillAt = a.t;
                this.wouldKill(input, st);
            }
            return;
        }
        if (this.current)
            return; // one kill at a time; re-assessed when it is done
        this.act(input, st);
    }
    state(id) {
        let st = this.scopes.get(id);
        if (!st) {
            st = {
                phase: 'calm',
                episodeStart: null,
                dangerRun: 0,
                dangerRunStart: 0,
                calmRun: 0,
                evidenceSince: 0,
                lastWouldKillAt: -Infinity,
                noCandidateReported: false,
            };
            this.scopes.set(id, st);
        }
        return st;
    }
    pickVictim(input, st) {
        let ranked;
        try {
            ranked = this.deps.rankFresh(input.id);
        }
        catch (err) {
            this.deps.emit(this.event(input, 'error', { message: `ranking failed: ${String(err)}` }));
            return null;
        }
        const victim = ranked.find((c) => c.eligible && !this.failed.has(`${c.proc.pid}:${c.proc.startTime}`)) ?? null;
        if (!victim) {
            if (!st.noCandidateReported) {
                st.noCandidateReported = true;
                this.decision(input, 'danger but no eligible victim (all protected, excluded, or failed to die)');
            }
            return null;
        }
        const group = input.kill === 'process-group' && this.deps.groupSafe(input.id, victim.proc);
        return { victim, group };
    }
    wouldKill(input, st) {
        const picked = this.pickVictim(input, st);
        if (!picked)
            return;
        const { victim, group } = picked;
        this.deps.emit(this.event(input, 'would-kill', {
            victim: victimInfo(victim.proc),
            rankReason: victim.reason,
            signal: `${victim.grace > 0 ? 'SIGTERM->SIGKILL' : 'SIGKILL'}${group ? ' (group)' : ''}`,
            outcome: 'dry-run',
            timings: { decideMs: st.episodeStart !== null ? input.assessment.t - st.episodeStart : undefined },
            message: `would kill pid ${victim.proc.pid} (${victim.reason})`,
        }));
    }
    act(input, st) {
        const picked = this.pickVictim(input, st);
        if (!picked)
            return;
        const { victim, group } = picked;
        const pid = victim.proc.pid;
        const decideMs = st.episodeStart !== null ? input.assessment.t - st.episodeStart : undefined;
        let usageBefore = input.usage;
        try {
            usageBefore = this.deps.usageOf(input.id) ?? input.usage;
        }
        catch {
            // The sample's usage will do for measuring what the kill frees.
        }
        const started = this.deps.now();
        st.phase = 'acting';
        this.deps.beforeKill?.(this.event(input, 'kill', { victim: victimInfo(victim.proc), rankReason: victim.reason, outcome: 'pending', message: `about to kill pid ${pid} ${victim.proc.comm}` }));
        const done = this.killAndSettle(input, victim, group, usageBefore)
            .then(({ result, freed }) => {
            const ok = result.outcome === 'exited' || result.outcome === 'killed';
            if (!ok && result.outcome !== 'gone-before-signal')
                this.failed.set(`${pid}:${victim.proc.startTime}`, this.deps.now() + this.opts.failedVictimMs);
            this.deps.emit(this.event(input, 'kill', {
                victim: { ...victimInfo(victim.proc), members: result.members.length > 1 ? result.members : undefined },
                rankReason: victim.reason,
                signal: result.signals || null,
                outcome: result.outcome,
                bytesFreed: freed,
                timings: { decideMs, signalMs: result.signalMs, exitMs: result.exitMs ?? undefined, totalMs: this.deps.now() - started },
                message: `${ok ? 'killed' : 'kill failed:'} pid ${pid} ${victim.proc.comm} (${result.outcome}${result.error ? `: ${result.error}` : ''})`,
            }));
        })
            .catch((err) => {
            this.failed.set(`${pid}:${victim.proc.startTime}`, this.deps.now() + this.opts.failedVictimMs);
            this.deps.emit(this.event(input, 'error', { message: `kill of pid ${pid} failed: ${String(err)}` }));
        })
            .finally(() => {
            this.current = null;
            // Only what happens after the victim is gone may justify the next one.
            st.evidenceSince = this.deps.now();
            st.phase = 'danger';
            st.dangerRun = 0;
            st.noCandidateReported = false;
        });
        this.current = done;
    }
    async killAndSettle(input, victim, group, usageBefore) {
        const result = await this.deps.kill({
            pid: victim.proc.pid,
            startTime: victim.proc.startTime,
            group,
            grace: victim.grace,
        });
        if (result.outcome !== 'exited' && result.outcome !== 'killed')
            return { result, freed: null };
        // Memory returns when the exit path finishes unmapping; wait for it to show.
        const expect = victim.bytes * 0.5;
        let lowest = usageBefore;
        const until = this.deps.now() + this.opts.settleMs;
        while (this.deps.now() < until) {
            const u = this.deps.usageOf(input.id);
            if (u !== null && u < lowest)
                lowest = u;
            if (usageBefore - lowest >= expect)
                break;
            await this.deps.sleep(50);
        }
        return { result, freed: Math.max(0, usageBefore - lowest) };
    }
    decision(input, message) {
        this.deps.emit(this.event(input, 'decision', { message }));
    }
    event(input, type, extra) {
        const a = input.assessment;
        return newEvent({
            t: a.t,
            type,
            scope: input.id,
            mode: input.mode,
            level: input.level,
            probability: a.probability,
            reasons: a.reasons.filter((r) => r.weight >= 0.05).slice(0, 4),
            message: '',
            ...extra,
        });
    }
}
/**
 * A group kill also hits every member of the victim's process group, wherever
 * it lives, so it is allowed only when no member on the whole host is
 * protected or excluded, and never for oomtop's own group; otherwise the
 * victim is killed alone.
 */
export function groupKillSafe(victim, all, selfPgid, excluded) {
    const pgid = victim.pgid;
    if (pgid <= 1 || pgid === selfPgid)
        return false;
    return all.every((p) => p.pgid !== pgid || !excluded(p));
}
export function victimInfo(p) {
    return {
        pid: p.pid,
        name: p.comm,
        cmdline: p.cmdline,
        user: p.user,
        cgroup: p.cgroup,
        podUid: p.podUid,
        startTime: p.startTime,
        rss: p.rss,
        swap: p.swap,
        oomScoreAdj: p.oomScoreAdj,
    };
}
