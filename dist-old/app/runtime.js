// Process-level wiring shared by the TUI and the headless daemon: config
// discovery, the engine, metrics and hooks, self-protection.
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine } from './engine.js';
import { pidfdUnavailableReason } from '../kill/syscalls.js';
/** --config, else /etc/oomtop/oomtop.yaml when present, else the shipped default next to the package. */
export function resolveConfigPath(given) {
    if (given)
        return given;
    if (existsSync('/etc/oomtop/oomtop.yaml'))
        return '/etc/oomtop/oomtop.yaml';
    return fileURLToPath(new URL('../../config/oomtop.yaml', import.meta.url));
}
export function rootsFrom(o) {
    return { proc: o.procRoot ?? '/proc', sys: o.sysRoot ?? '/sys' };
}
export async function startRuntime(o) {
    const notes = [];
    // pidusage prints to the console when getconf fails: never over the TUI.
    process.env.PIDUSAGE_SILENT = '1';
    const engine = new Engine({
        configPath: resolveConfigPath(o.config),
        modeOverride: o.mode,
        roots: rootsFrom(o),
        podLogRoot: o.podLogRoot,
    });
    const state = engine.getState();
    // No mlockall: V8 aborted here (SetPermissions check, exit 133) within
    // seconds of mlockall(MCL_CURRENT|MCL_ONFAULT) in `oomtop run`. oomtop's
    // small working set and its early action are the defence instead.
    notes.push(...protectSelf());
    const noPidfd = pidfdUnavailableReason();
    if (noPidfd)
        notes.push(`pidfds unavailable (${noPidfd}): victims are signalled with kill(2) right after the start-time check`);
    let metrics = null;
    const metricsSpec = o.metrics ?? state.config.metrics ?? null;
    if (metricsSpec) {
        const { MetricsServer } = await import('../report/metrics.js');
        metrics = new MetricsServer(() => engine.getState());
        const addr = await metrics.listen(metricsSpec);
        notes.push(`metrics on http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}/metrics`);
        const m = metrics;
        engine.onEvent((e) => m.onEvent(e));
    }
    let hooks = null;
    if (state.config.hooks && (state.config.hooks.exec || state.config.hooks.webhook)) {
        const { HookRunner } = await import('../report/hooks.js');
        hooks = new HookRunner(state.config.hooks, { onError: (msg) => engine.note('error', `hook: ${msg}`) });
        const h = hooks;
        engine.onEvent((e) => h.emit(e, 'after'));
        engine.onBeforeKill((e) => h.emit(e, 'before'));
    }
    let done = false;
    const shutdown = async (reason) => {
        if (done)
            return;
        done = true;
        await engine.stop(reason);
        await metrics?.close();
        await hooks?.drain(2000);
        hooks?.close();
    };
    return { engine, metrics, hooks, notes, shutdown };
}
/** oom_score_adj -1000 keeps the kernel's OOM killer off oomtop; without CAP_SYS_RESOURCE it is refused, which is survivable. */
function protectSelf() {
    try {
        writeFileSync('/proc/self/oom_score_adj', '-1000');
        return [];
    }
    catch (err) {
        return [`could not set own oom_score_adj to -1000 (${err.code ?? String(err)})`];
    }
}
