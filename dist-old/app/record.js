// `oomtop record`: what the engine sees, written as a trace for replay.
import { hostname, release } from 'node:os';
import { statSync } from 'node:fs';
import { Engine } from './engine.js';
import { resolveConfigPath, rootsFrom } from './runtime.js';
import { TRACE_FORMAT, TRACE_VERSION, TraceWriter } from '../sample/trace.js';
import { formatBytes } from '../report/format.js';
/** Starts recording; resolves when it has stopped (duration, SIGINT/SIGTERM, or `stop()`). */
export async function record(o, signal) {
    let writer = null;
    const engine = new Engine({
        configPath: resolveConfigPath(o.config),
        modeOverride: 'monitor',
        roots: rootsFrom(o),
        podLogRoot: o.podLogRoot,
        eventLog: false,
        watchConfig: false,
        onSample: (s) => {
            const keep = o.processFilter;
            writer?.write(keep && s.processes ? { ...s, processes: s.processes.filter(keep) } : s);
        },
    });
    writer = new TraceWriter(o.out, {
        format: TRACE_FORMAT,
        version: TRACE_VERSION,
        host: hostname(),
        kernel: release(),
        startedAt: new Date().toISOString(),
        cgroupVersions: engine.getState().host.cgroupVersions,
        ...(o.labels ? { labels: o.labels } : {}),
    });
    // Replay ranks from the recorded process rows: keep them current.
    engine.wantProcesses(true);
    const started = performance.now();
    engine.start();
    await new Promise((resolve) => {
        const timer = o.duration ? setTimeout(resolve, o.duration * 1000) : null;
        const done = () => {
            if (timer)
                clearTimeout(timer);
            resolve();
        };
        signal?.addEventListener('abort', done, { once: true });
    });
    await engine.stop('recording finished');
    const samples = writer.samples;
    await writer.close();
    return { samples, bytes: statSync(o.out).size, seconds: (performance.now() - started) / 1000 };
}
export async function recordCommand(o) {
    const ac = new AbortController();
    process.once('SIGINT', () => ac.abort());
    process.once('SIGTERM', () => ac.abort());
    process.stderr.write(`oomtop: recording to ${o.out}${o.duration ? ` for ${o.duration} s` : ' until SIGINT'}\n`);
    const r = await record(o, ac.signal);
    const perHour = r.seconds > 0 ? (r.bytes / r.seconds) * 3600 : 0;
    process.stderr.write(`oomtop: ${r.samples} samples, ${formatBytes(r.bytes)} in ${r.seconds.toFixed(1)} s (${formatBytes(perHour)}/hour at this rate)\n`);
    return 0;
}
