import { TraceSource } from '../sample/trace.js';
import { Engine } from './engine.js';
export function replayTrace(trace, configPath, opts = {}) {
    const source = new TraceSource(trace);
    const engine = new Engine({
        configPath,
        source,
        now: () => source.current?.t ?? 0,
        modeOverride: 'dry-run',
        assumeRoot: true,
        levelOverride: opts.level,
        eventLog: false,
        watchConfig: false,
        killer: {
            kill: () => Promise.reject(new Error('replay never kills')),
        },
    });
    const events = [];
    engine.onEvent((e) => {
        if (e.type !== 'start' && e.type !== 'stop')
            events.push(e);
    });
    const points = [];
    for (let s = source.advance(); s; s = source.advance()) {
        engine.ingest(s);
        for (const v of engine.getState().scopes) {
            if (v.policyIndex === null || !v.assessment || v.assessment.t !== s.t)
                continue;
            points.push({ t: s.t, scope: v.id, probability: v.assessment.probability, danger: v.assessment.danger });
        }
    }
    return { events, points };
}
