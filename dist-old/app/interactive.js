// Plain `oomtop`: the TUI and the enforcer in one process.
import { fileURLToPath } from 'node:url';
import { startRuntime } from './runtime.js';
export async function runInteractive(o) {
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
        process.stderr.write('oomtop: no terminal on stdin/stdout; use `oomtop run` for the headless daemon\n');
        process.exit(2);
    }
    let rt;
    try {
        rt = await startRuntime(o);
    }
    catch (err) {
        process.stderr.write(`${err.message}\n`);
        process.exit(2);
    }
    const { engine } = rt;
    for (const n of rt.notes)
        engine.note('start', n);
    engine.wantProcesses(true);
    engine.start();
    const { runTui } = await import('../ui/tui.js');
    let tui = null;
    const quit = async (code, reason) => {
        tui?.close();
        await rt.shutdown(reason);
        process.exit(code);
    };
    tui = await runTui(engine, {
        theme: process.env.NO_COLOR ? 'mono' : o.theme,
        themesDir: fileURLToPath(new URL('../../themes/', import.meta.url)),
        terminal: o.terminal,
        onExit: (why) => {
            if (why === 'quit')
                return void quit(0, 'operator quit');
            // The terminal went away. Armed: the host still needs protecting, so keep
            // enforcing headless and say so; otherwise there is nothing left to do.
            engine.wantProcesses(false);
            if (engine.anyArmed()) {
                tui = null;
                // From now on it is the daemon: a later SIGHUP re-reads the policy, as in `oomtop run`.
                process.on('SIGHUP', () => engine.reloadFromDisk());
                engine.note('hangup', 'terminal went away (SIGHUP); enforcement continues headless');
            }
            else {
                void quit(0, 'terminal went away and nothing is armed');
            }
        },
    });
    process.on('SIGTERM', () => void quit(0, 'received SIGTERM'));
    process.on('SIGINT', () => void quit(0, 'received SIGINT'));
    // A bug in the screen must not take the OOM killer down with it: drop the
    // screen, record the error, and go on headless when something is armed.
    process.on('uncaughtException', (err) => {
        engine.note('error', `uncaught: ${err.stack ?? String(err)}`);
        if (!tui)
            return;
        const t = tui;
        tui = null;
        try {
            t.close();
        }
        catch {
            // the terminal may be gone already
        }
        if (engine.anyArmed()) {
            process.stderr.write(`oomtop: the screen failed (${err.message}); enforcement continues headless. See the event log.\n`);
            engine.wantProcesses(false);
        }
        else {
            process.stderr.write(`oomtop: ${err.stack ?? String(err)}\n`);
            void quit(1, 'screen failed');
        }
    });
}
