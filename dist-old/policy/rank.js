import { firstMatchingRule, matchRule } from './rules.js';
/** Why a process may never be killed in this scope, or null when it may. */
export function exclusionOf(proc, scope, ctx) {
    if (proc.pid === 1)
        return { reason: 'PID 1 (init)', protectRule: null };
    if (proc.kernelThread)
        return { reason: 'kernel thread', protectRule: null };
    if (proc.pid === ctx.selfPid)
        return { reason: 'oomtop itself', protectRule: null };
    if (ctx.protectedPids.has(proc.pid))
        return { reason: 'ancestor of oomtop', protectRule: null };
    // Killing a zombie frees nothing; its parent has to reap it.
    if (proc.state === 'Z' || proc.state === 'X')
        return { reason: 'zombie: already exited', protectRule: null };
    if (proc.oomScoreAdj === -1000)
        return { reason: 'oom_score_adj -1000 (never kill)', protectRule: null };
    const rule = firstMatchingRule(scope.protect, proc, ctx);
    if (rule)
        return { reason: `protected by ${rule.label}`, protectRule: rule.index };
    if (scope.spec.protectPid1 && proc.nspid.length > 1 && proc.nspid[proc.nspid.length - 1] === 1) {
        const what = proc.containerId ? `container ${proc.containerId.slice(0, 12)}` : 'a PID namespace';
        return { reason: `PID 1 of ${what} (protectPid1)`, protectRule: null };
    }
    return null;
}
/** The prefer rule that places a process: highest priority, first listed on ties. */
export function preferenceOf(proc, scope, ctx) {
    let best = null;
    for (const r of scope.prefer) {
        if ((best === null || r.priority > best.priority) && matchRule(r, proc, ctx))
            best = r;
    }
    return best;
}
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
export function formatBytes(n) {
    if (n >= GiB)
        return `${(n / GiB).toFixed(1)} GiB`;
    if (n >= MiB)
        return `${Math.round(n / MiB)} MiB`;
    return `${Math.round(n / 1024)} KiB`;
}
function byPlace(a, b) {
    return (b.priority - a.priority ||
        b.proc.oomScoreAdj - a.proc.oomScoreAdj ||
        b.bytes - a.bytes ||
        a.proc.pid - b.proc.pid);
}
/**
 * Ranks a scope's processes. Eligible ones come first (rank 1 is the next
 * victim); ineligible ones follow with rank 0 and the reason, largest first,
 * so the UI can show what is shielded and why.
 */
export function rankCandidates(procs, scope, ctx) {
    const eligible = [];
    const ineligible = [];
    for (const proc of procs) {
        const bytes = proc.rss + proc.swap;
        const excluded = exclusionOf(proc, scope, ctx);
        if (excluded) {
            ineligible.push({
                proc,
                rank: 0,
                eligible: false,
                reason: excluded.reason,
                preferRule: null,
                protectRule: excluded.protectRule,
                priority: 0,
                bytes,
                grace: scope.spec.grace,
            });
            continue;
        }
        const pref = preferenceOf(proc, scope, ctx);
        eligible.push({
            proc,
            rank: 0,
            eligible: true,
            reason: '',
            preferRule: pref ? pref.index : null,
            protectRule: null,
            priority: pref ? pref.priority : 0,
            bytes,
            grace: pref?.grace ?? scope.spec.grace,
        });
    }
    eligible.sort(byPlace);
    ineligible.sort((a, b) => b.bytes - a.bytes || a.proc.pid - b.proc.pid);
    eligible.forEach((c, i) => {
        c.rank = i + 1;
        const prev = eligible[i - 1];
        const next = eligible[i + 1];
        const sameGroup = (o) => o !== undefined && o.priority === c.priority && o.proc.oomScoreAdj === c.proc.oomScoreAdj;
        const parts = [];
        if (c.preferRule !== null) {
            const rule = scope.prefer[c.preferRule];
            parts.push(`preferred by ${rule.label} (priority ${rule.priority})`);
        }
        if (c.proc.oomScoreAdj !== 0)
            parts.push(`oom_score_adj ${c.proc.oomScoreAdj}`);
        // "largest" only when size is what put it ahead of its peers.
        const largest = !sameGroup(prev) && sameGroup(next) && next.bytes < c.bytes;
        parts.push(`${largest ? 'largest: ' : ''}${formatBytes(c.bytes)} rss+swap`);
        c.reason = parts.join('; ');
    });
    return [...eligible, ...ineligible];
}
