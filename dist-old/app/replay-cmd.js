// `oomtop replay FILE`: print each decision the engine makes on a trace.
import { LEVELS } from '../policy/types.js';
import { readTrace } from '../sample/trace.js';
import { formatEvent } from '../report/format.js';
import { replayTrace } from './replay.js';
import { resolveConfigPath } from './runtime.js';
export function replayCommand(file, o) {
    if (o.level && !LEVELS.includes(o.level)) {
        process.stderr.write(`oomtop: level must be one of ${LEVELS.join(', ')}\n`);
        return 2;
    }
    let trace;
    try {
        trace = readTrace(file);
    }
    catch (err) {
        process.stderr.write(`oomtop: ${err.message}\n`);
        return 2;
    }
    const { events } = replayTrace(trace, resolveConfigPath(o.config), { level: o.level });
    const t0 = trace.samples[0]?.t ?? 0;
    for (const e of events) {
        if (o.json)
            process.stdout.write(`${JSON.stringify({ ...e, traceSeconds: (e.t - t0) / 1000 })}\n`);
        else
            process.stdout.write(`+${((e.t - t0) / 1000).toFixed(2)}s ${formatEvent(e)}\n`);
    }
    if (trace.truncated)
        process.stderr.write('oomtop: the trace ended mid-line (recorder killed); replayed what was complete\n');
    return 0;
}
