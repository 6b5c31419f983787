// `oomtop list`: the ranked kill list of one scope, with reasons, from a fresh scan.
import { Engine } from './engine.js';
import { resolveConfigPath, rootsFrom } from './runtime.js';
import { formatBytes, sanitizeText } from '../report/format.js';
export async function listCommand(o) {
    let engine;
    try {
        engine = new Engine({ configPath: resolveConfigPath(o.config), roots: rootsFrom(o), podLogRoot: o.podLogRoot, watchConfig: false, eventLog: false });
    }
    catch (err) {
        process.stderr.write(`${err.message}\n`);
        return 2;
    }
    // Two samples half a second apart so rates and the assessment are real.
    engine.tick();
    await new Promise((r) => setTimeout(r, 500));
    engine.tick();
    const state = engine.getState();
    const view = state.scopes.find((s) => s.id === o.scope);
    if (!view) {
        process.stderr.write(`oomtop: no scope ${JSON.stringify(o.scope)}; known: ${state.scopes.map((s) => s.id).join(', ')}\n`);
        return 1;
    }
    const ranked = engine.rankedNow(o.scope).filter((c) => o.all || c.eligible);
    if (o.json) {
        process.stdout.write(`${JSON.stringify({ scope: view.id, assessment: view.assessment, mode: view.effectiveMode, candidates: ranked }, null, 2)}\n`);
        return 0;
    }
    const a = view.assessment;
    process.stdout.write(`scope ${sanitizeText(view.label)}  mode ${view.effectiveMode ?? 'not covered'}  level ${view.level ?? '-'}` +
        (a ? `  p=${a.probability.toFixed(2)}${a.timeToExhaustion !== null ? `  full in ${a.timeToExhaustion.toFixed(0)} s` : ''}` : '') +
        `\n`);
    if (state.modeNote)
        process.stdout.write(`note: ${state.modeNote}\n`);
    process.stdout.write(formatTable(ranked));
    return 0;
}
export function formatTable(rows) {
    const head = ['RANK', 'PID', 'USER', 'NAME', 'RSS', 'SWAP', 'ADJ', 'REASON', 'CGROUP'];
    const body = rows.map((c) => [
        c.eligible ? String(c.rank) : '-',
        String(c.proc.pid),
        sanitizeText(c.proc.user, 12),
        sanitizeText(c.proc.comm, 16),
        formatBytes(c.proc.rss),
        formatBytes(c.proc.swap),
        String(c.proc.oomScoreAdj),
        sanitizeText(c.reason, 60),
        sanitizeText(c.proc.cgroup, 60),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (r) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
    return [line(head), ...body.map(line)].join('\n') + '\n';
}
