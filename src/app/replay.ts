// Replay: a recorded trace through the same engine, on the trace's own clock.
// Decisions come out as dry-run events, so a replay never signals anything.
import type { Level } from '../policy/types.js';
import type { OomtopEvent } from '../report/types.js';
import { TraceSource, type Trace } from '../sample/trace.js';
import { Engine } from './engine.js';

export interface ReplayPoint {
  t: number;
  scope: string;
  probability: number;
  danger: boolean;
}

export interface ReplayResult {
  events: OomtopEvent[];
  /** Every covered scope's assessment at every sample. */
  points: ReplayPoint[];
}

export function replayTrace(trace: Trace, configPath: string, opts: { level?: Level } = {}): ReplayResult {
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
  const events: OomtopEvent[] = [];
  engine.onEvent((e) => {
    if (e.type !== 'start' && e.type !== 'stop') events.push(e);
  });
  const points: ReplayPoint[] = [];
  for (let s = source.advance(); s; s = source.advance()) {
    engine.ingest(s);
    for (const v of engine.getState().scopes) {
      if (v.policyIndex === null || !v.assessment || v.assessment.t !== s.t) continue;
      points.push({ t: s.t, scope: v.id, probability: v.assessment.probability, danger: v.assessment.danger });
    }
  }
  return { events, points };
}
