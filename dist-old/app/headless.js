// `oomtop run`: the engine without a screen, for systemd and DaemonSets.
import { startRuntime } from './runtime.js';
import { ConfigError } from '../policy/errors.js';
export async function runHeadless(o) {
    let rt;
    try {
        rt = await startRuntime(o);
    }
    catch (err) {
        process.stderr.write(`oomtop: ${err instanceof ConfigError ? err.message : err.message}\n`);
        process.exit(2);
    }
    const state = rt.engine.getState();
    const log = (s) => process.stderr.write(`oomtop: ${s}\n`);
    for (const n of rt.notes)
        log(n);
    if (state.modeNote)
        log(state.modeNote);
    log(`running headless: mode ${state.mode}, config ${state.configPath}, pid ${process.pid}`);
    rt.engine.onEvent((e) => {
        if (e.type === 'kill' || e.type === 'would-kill' || e.type === 'kernel-oom' || e.type === 'error' || e.type === 'config')
            log(`${e.type}: ${e.message}`);
    });
    rt.engine.start();
    const stop = (sig) => {
        void rt.shutdown(`received ${sig}`).finally(() => process.exit(0));
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    // systemd's ExecReload and kill -HUP: re-read the policy.
    process.on('SIGHUP', () => rt.engine.reloadFromDisk());
}
