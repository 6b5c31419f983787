import { compileRegex, regexFinds } from './regex.js';
const MATCHER_FIELDS = ['name', 'cmdline', 'user', 'cgroup', 'pod', 'namespace'];
/** Compiles one rule. The loader has already validated its regexes; a bad one here is a programming error. */
export function compileRule(spec, list, index, scopeLabel = 'node') {
    const matchers = [];
    const words = [];
    if (spec.pid !== undefined)
        words.push(spec.startTime !== undefined ? `pid=${spec.pid} startTime=${spec.startTime}` : `pid=${spec.pid}`);
    for (const field of MATCHER_FIELDS) {
        const pattern = spec[field];
        if (pattern === undefined)
            continue;
        const result = compileRegex(pattern);
        if ('problem' in result)
            throw new Error(`${scopeLabel}.${list}[${index}].${field}: ${result.problem.message}`);
        matchers.push({ field, re: result.re });
        words.push(`${field}=${pattern}`);
    }
    return {
        list,
        index,
        label: `${scopeLabel}.${list}[${index}] ${words.join(' ')}`,
        spec,
        matchers,
        pid: spec.pid ?? null,
        startTime: spec.pid !== undefined ? spec.startTime ?? null : null,
        priority: list === 'prefer' ? spec.priority ?? 0 : 0,
        grace: list === 'prefer' ? spec.grace ?? null : null,
    };
}
export function compileScope(spec, label = 'node', ref = -1) {
    return {
        label,
        ref,
        spec,
        protect: spec.protect.map((r, i) => compileRule(r, 'protect', i, label)),
        prefer: spec.prefer.map((r, i) => compileRule(r, 'prefer', i, label)),
    };
}
export function compileConfig(config) {
    return {
        node: compileScope(config.node, 'node', -1),
        cgroups: config.cgroups.map((c, i) => compileScope(c, `cgroups[${i}]`, i)),
    };
}
/** The mode a scope runs in: its own override, else the top-level mode. */
export function effectiveMode(config, ref) {
    const spec = ref === -1 ? config.node : config.cgroups[ref];
    return spec?.mode ?? config.mode;
}
function fieldValue(field, proc, ctx) {
    switch (field) {
        case 'name':
            return proc.comm;
        case 'cmdline':
            return proc.cmdline;
        case 'user':
            // A uid with no passwd entry (common in containers) is matched by number.
            return proc.user !== '' ? proc.user : String(proc.uid);
        case 'cgroup':
            return proc.cgroup;
        case 'pod':
            // The pod UID stands in until kubelet's log dir gives the name.
            return ctx.podOf(proc)?.name || proc.podUid;
        case 'namespace':
            return ctx.podOf(proc)?.namespace || null;
    }
}
/** True when every field the rule gives matches the process. */
export function matchRule(rule, proc, ctx) {
    if (rule.pid !== null && rule.pid !== proc.pid)
        return false;
    // Without a start time a pid rule names whatever process holds that PID (the old meaning).
    if (rule.startTime !== null && rule.startTime !== proc.startTime)
        return false;
    for (const { field, re } of rule.matchers) {
        const value = fieldValue(field, proc, ctx);
        // Not in a pod: pod/namespace rules cannot match.
        if (value === null || !regexFinds(re, value))
            return false;
    }
    return true;
}
export function firstMatchingRule(rules, proc, ctx) {
    for (const r of rules)
        if (matchRule(r, proc, ctx))
            return r;
    return null;
}
