// Every operator action is a command: an id, a title for the help screen, its
// default keys, and a handler that talks to the engine only through
// EngineControl. The TUI supplies the context (what is selected, dialogs);
// the keymap (keymap.ts) maps keys to ids, and help is generated from here.
import { RE2JS } from 're2js';
/** Step for raise/lower: prefer priorities in the shipped configs are small integers (5, 10). */
export const PRIORITY_STEP = 10;
/** Priority given by "kill first": above any step-wise raise an operator is likely to reach. */
export const KILL_FIRST_PRIORITY = 100;
export const SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP'];
/** The policy a scope is governed by, or null when none covers it. */
export function scopePolicy(state, scope) {
    if (scope.policyIndex === null)
        return null;
    if (scope.policyIndex === -1)
        return { ref: -1, spec: state.config.node };
    const spec = state.config.cgroups[scope.policyIndex];
    return spec ? { ref: scope.policyIndex, spec } : null;
}
/** Human form of a rule: "name=^java$ priority=10". */
export function describeRule(rule) {
    const parts = [];
    for (const key of ['name', 'cmdline', 'user', 'cgroup', 'pod', 'namespace', 'pid', 'startTime', 'priority', 'grace']) {
        const v = rule[key];
        if (v !== undefined)
            parts.push(`${key}=${v}`);
    }
    return parts.join(' ') || '(matches everything)';
}
/** Anchored, literal pattern for an exact string (re2 syntax). */
export function exactPattern(text) {
    return `^${RE2JS.quote(text)}$`;
}
/** The three ways a rule can name the selected process. */
export function ruleFor(c, by) {
    // The start time pins the rule to this process: a reused PID (wraparound, reboot) does not inherit it.
    if (by === 'pid')
        return { pid: c.proc.pid, startTime: c.proc.startTime };
    if (by === 'cmdline')
        return { cmdline: exactPattern(c.proc.cmdline) };
    return { name: exactPattern(c.proc.comm) };
}
async function pickMatch(ctx, c, what) {
    const by = await ctx.ask.choose(`${what}: match by`, [
        { value: 'name', key: 'n', label: `name     ${describeRule(ruleFor(c, 'name'))}` },
        { value: 'cmdline', key: 'c', label: `cmdline  ${describeRule(ruleFor(c, 'cmdline'))}` },
        { value: 'pid', key: 'p', label: `PID      ${c.proc.pid} (this process only)` },
    ]);
    return by ? ruleFor(c, by) : null;
}
/** Common preconditions of the per-process commands. */
function processTarget(ctx) {
    const c = ctx.candidate;
    const scope = ctx.scope;
    if (!c || !scope) {
        ctx.status('no process selected (Tab to the kill list)', 'error');
        return null;
    }
    const policy = scopePolicy(ctx.state, scope);
    if (!policy) {
        ctx.status(`no policy covers ${scope.label}: add a cgroups entry for it first`, 'error');
        return null;
    }
    return { c, scope, ...policy };
}
async function guarded(ctx, what, action) {
    try {
        await action();
        ctx.status(what);
    }
    catch (err) {
        ctx.status(`${what} failed: ${err.message}`, 'error');
    }
}
async function protect(ctx) {
    const t = processTarget(ctx);
    if (!t)
        return;
    const rule = await pickMatch(ctx, t.c, 'Protect');
    if (!rule)
        return;
    await guarded(ctx, `protect rule added: ${describeRule(rule)}`, () => ctx.engine.addRule(t.ref, 'protect', rule));
}
async function killFirst(ctx) {
    const t = processTarget(ctx);
    if (!t)
        return;
    const match = await pickMatch(ctx, t.c, 'Kill first');
    if (!match)
        return;
    const rule = { ...match, priority: KILL_FIRST_PRIORITY };
    await guarded(ctx, `prefer rule added: ${describeRule(rule)}`, () => ctx.engine.addRule(t.ref, 'prefer', rule));
}
async function shiftPriority(ctx, delta) {
    const t = processTarget(ctx);
    if (!t)
        return;
    const idx = t.c.preferRule;
    const existing = idx === null ? undefined : t.spec.prefer[idx];
    if (idx !== null && existing) {
        // Changing the rule that placed it moves every process that rule names: say which.
        const rule = { ...existing, priority: (existing.priority ?? 0) + delta };
        await guarded(ctx, `prefer[${idx}] now ${describeRule(rule)}`, () => ctx.engine.updateRule(t.ref, 'prefer', idx, rule));
        return;
    }
    const match = await pickMatch(ctx, t.c, delta > 0 ? 'Raise kill priority' : 'Lower kill priority');
    if (!match)
        return;
    const rule = { ...match, priority: delta };
    await guarded(ctx, `prefer rule added: ${describeRule(rule)}`, () => ctx.engine.addRule(t.ref, 'prefer', rule));
}
async function clearRules(ctx) {
    const t = processTarget(ctx);
    if (!t)
        return;
    const found = [];
    if (t.c.preferRule !== null && t.spec.prefer[t.c.preferRule])
        found.push({ list: 'prefer', index: t.c.preferRule, rule: t.spec.prefer[t.c.preferRule] });
    if (t.c.protectRule !== null && t.spec.protect[t.c.protectRule])
        found.push({ list: 'protect', index: t.c.protectRule, rule: t.spec.protect[t.c.protectRule] });
    if (found.length === 0) {
        ctx.status(`no protect or prefer rule of ${t.scope.label} names PID ${t.c.proc.pid}`);
        return;
    }
    const listed = found.map((f) => `${f.list}[${f.index}] ${describeRule(f.rule)}`);
    if (!(await ctx.ask.confirm('Clear rules', ['Remove these rules (they may name other processes too)?', ...listed])))
        return;
    await guarded(ctx, `removed ${found.map((f) => `${f.list}[${f.index}]`).join(', ')}`, async () => {
        for (const f of found)
            await ctx.engine.removeRule(t.ref, f.list, f.index);
    });
}
async function chooseLevel(ctx) {
    const scope = ctx.scope;
    const policy = scope ? scopePolicy(ctx.state, scope) : null;
    if (!scope || !policy) {
        ctx.status(`no policy covers ${scope?.label ?? 'this scope'}: its level cannot be set`, 'error');
        return;
    }
    const level = await ctx.ask.choose(`Level of ${scope.label}`, [
        { value: 'low', key: 'l', label: 'low     act early, well before the kernel would stall' },
        { value: 'medium', key: 'm', label: 'medium  act when a stall is likely soon' },
        { value: 'high', key: 'h', label: 'high    act late, close to the kernel OOM killer' },
    ], policy.spec.level);
    if (!level)
        return;
    await guarded(ctx, `level of ${scope.label} set to ${level}`, () => ctx.engine.setLevel(policy.ref, level));
}
async function setMode(ctx, mode) {
    if (mode === 'armed' && ctx.state.mode !== 'armed') {
        const ok = await ctx.ask.confirm('Arm oomtop', ['ARM oomtop? It will send signals to processes when a scope is in danger.', 'Press y to arm, n to cancel.']);
        if (!ok)
            return;
    }
    await guarded(ctx, `mode set to ${mode}`, () => ctx.engine.setMode(mode));
}
/** Killer outcomes where no signal reached the intended process. */
const FAILED_OUTCOMES = new Set(['error', 'eperm', 'identity-changed', 'gone-before-signal']);
async function manualKill(ctx) {
    const c = ctx.candidate;
    if (!c) {
        ctx.status('no process selected (Tab to the kill list)', 'error');
        return;
    }
    const signal = await ctx.ask.choose(`Send a signal to PID ${c.proc.pid}`, SIGNALS.map((s, i) => ({ value: s, key: String(i + 1), label: s })), 'SIGTERM');
    if (!signal)
        return;
    const ok = await ctx.ask.confirm('Kill', [`Send ${signal} to PID ${c.proc.pid} (${c.proc.comm}, user ${c.proc.user})?`, 'Press y to send, n to cancel.']);
    if (!ok)
        return;
    try {
        const ev = await ctx.engine.manualKill(c.proc.pid, c.proc.startTime, signal);
        const failed = ev.outcome === null || FAILED_OUTCOMES.has(ev.outcome);
        ctx.status(`${signal} PID ${c.proc.pid}: ${ev.outcome ?? ev.message}`, failed ? 'error' : 'info');
    }
    catch (err) {
        ctx.status(`kill failed: ${err.message}`, 'error');
    }
}
async function filter(ctx) {
    const before = ctx.view.filter();
    const text = await ctx.ask.prompt(`Filter ${ctx.view.focus}`, before, { onChange: (t) => ctx.view.setFilter(t) });
    ctx.view.setFilter(text ?? before);
}
async function quit(ctx) {
    if (ctx.state.mode === 'armed') {
        const ok = await ctx.ask.confirm('Quit', ['oomtop is ARMED. Quit anyway?', 'Press y to quit, n to stay.']);
        if (!ok)
            return;
    }
    ctx.quit();
}
function move(how) {
    return (ctx) => ctx.view.move(how);
}
export const COMMANDS = [
    { id: 'help', title: 'Show every key', keys: ['f1', '?', 'h'], footer: 'Help', run: (ctx) => ctx.ask.help() },
    {
        id: 'rules',
        title: 'Edit the protect and prefer rules of the selected scope',
        keys: ['f2', 'e'],
        footer: 'Rules',
        run: async (ctx) => {
            const policy = ctx.scope ? scopePolicy(ctx.state, ctx.scope) : null;
            if (!ctx.scope || !policy)
                return ctx.status(`no policy covers ${ctx.scope?.label ?? 'this scope'}: add a cgroups entry for it first`, 'error');
            await ctx.ask.editRules(ctx.scope, policy.ref);
        },
    },
    { id: 'filter', title: 'Filter the focused table (Esc clears)', keys: ['/', 'f3', 'f4', '\\'], footer: 'Filter', run: filter },
    { id: 'clear-filter', title: 'Clear the focused table\'s filter', keys: ['escape'], run: (ctx) => ctx.view.setFilter('') },
    { id: 'sort', title: 'Sort the focused table by the next column', keys: ['f6', '>', '.'], footer: 'SortBy', run: (ctx) => ctx.view.cycleSort(1) },
    { id: 'sort-prev', title: 'Sort the focused table by the previous column', keys: ['<', ','], run: (ctx) => ctx.view.cycleSort(-1) },
    { id: 'sort-invert', title: 'Invert the sort order', keys: ['I'], run: (ctx) => ctx.view.invertSort() },
    { id: 'next-pane', title: 'Focus the next table (scopes, kill list, events)', keys: ['tab'], footer: 'Pane', run: (ctx) => ctx.view.cyclePane(1) },
    { id: 'prev-pane', title: 'Focus the previous table', keys: ['S-tab'], run: (ctx) => ctx.view.cyclePane(-1) },
    { id: 'up', title: 'Select the row above', keys: ['up'], run: move('up') },
    { id: 'down', title: 'Select the row below', keys: ['down', 'j'], run: move('down') },
    { id: 'page-up', title: 'Page up', keys: ['pageup'], run: move('pageUp') },
    { id: 'page-down', title: 'Page down', keys: ['pagedown', 'space'], run: move('pageDown') },
    { id: 'top', title: 'First row', keys: ['home', 'g'], run: move('top') },
    { id: 'bottom', title: 'Last row', keys: ['end', 'G'], run: move('bottom') },
    { id: 'open-scope', title: 'Show the kill list of the selected scope', keys: ['enter'], run: (ctx) => ctx.view.focus === 'cgroups' && ctx.view.focusPane('processes') },
    {
        id: 'freeze',
        title: 'Freeze the view (collection and enforcement keep running)',
        keys: ['z', 'Z'],
        footer: 'Freeze',
        run: (ctx) => {
            ctx.view.setFrozen(!ctx.view.frozen);
            ctx.status(ctx.view.frozen ? 'view frozen: oomtop keeps sampling and enforcing; z to resume' : 'view live');
        },
    },
    { id: 'protect', title: 'Protect the selected process (never killed)', keys: ['p'], footer: 'Protect', run: protect },
    { id: 'kill-first', title: 'Put the selected process on the kill-first list', keys: ['x'], footer: 'KillFirst', run: killFirst },
    { id: 'raise', title: 'Raise the selected process\'s kill priority', keys: ['+', ']'], run: (ctx) => shiftPriority(ctx, PRIORITY_STEP) },
    { id: 'lower', title: 'Lower the selected process\'s kill priority', keys: ['-', '['], run: (ctx) => shiftPriority(ctx, -PRIORITY_STEP) },
    { id: 'clear', title: 'Remove the rules that name the selected process', keys: ['c'], run: clearRules },
    { id: 'level', title: 'Change the level of the selected scope', keys: ['l'], footer: 'Level', run: chooseLevel },
    { id: 'arm', title: 'Arm: enforce by killing (asks first)', keys: ['a'], footer: 'Arm', run: (ctx) => setMode(ctx, 'armed') },
    { id: 'dry-run', title: 'Dry-run: decide and log, never kill', keys: ['d'], run: (ctx) => setMode(ctx, 'dry-run') },
    { id: 'disarm', title: 'Disarm: monitor only', keys: ['m'], run: (ctx) => setMode(ctx, 'monitor') },
    { id: 'kill', title: 'Send a signal to the selected process (asks first)', keys: ['f9', 'k'], footer: 'Kill', run: manualKill },
    { id: 'quit', title: 'Quit (asks first when armed)', keys: ['f10', 'q', 'C-c'], footer: 'Quit', run: quit },
];
export function commandById(id, commands = COMMANDS) {
    return commands.find((c) => c.id === id);
}
