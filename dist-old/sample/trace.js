// Recorded traces: the Samples the engine ingested, as gzip'd JSON lines, so
// replay runs the very same model, predictor, policy and ranking offline.
// The gzip stream is sync-flushed every second: a recorder killed mid-run
// (the host was dying, after all) leaves a file that still reads.
import { createWriteStream, readFileSync } from 'node:fs';
import { constants as zc, createGzip, gunzipSync } from 'node:zlib';
export const TRACE_FORMAT = 'oomtop-trace';
export const TRACE_VERSION = 1;
/** Process rows below this size are not recorded: ranking never reaches them before larger ones, unless a prefer rule names them. */
const MIN_RECORDED_RSS = 1 << 20;
const CMDLINE_MAX = 512;
export class TraceWriter {
    gzip;
    out;
    flushTimer;
    bytesIn = 0;
    samples = 0;
    constructor(path, header, opts = {}) {
        this.out = createWriteStream(path, { mode: 0o640 });
        this.gzip = createGzip({ level: 6 });
        this.gzip.pipe(this.out);
        this.keep = opts.keepProcess ?? (() => false);
        this.line(header);
        this.flushTimer = setInterval(() => this.gzip.flush(zc.Z_SYNC_FLUSH), 1000);
        this.flushTimer.unref();
    }
    keep;
    write(s) {
        const processes = s.processes
            ? s.processes.filter((p) => !p.kernelThread && (p.rss >= MIN_RECORDED_RSS || this.keep(p))).map(compactProcess)
            : null;
        this.line({ ...s, processes });
        this.samples++;
    }
    line(v) {
        const text = `${JSON.stringify(v, encodeNumbers)}\n`;
        this.bytesIn += text.length;
        this.gzip.write(text);
    }
    /** Resolves when everything is on disk. */
    close() {
        clearInterval(this.flushTimer);
        return new Promise((resolve, reject) => {
            this.out.once('finish', resolve);
            this.out.once('error', reject);
            this.gzip.end();
        });
    }
}
function compactProcess(p) {
    return p.cmdline.length > CMDLINE_MAX ? { ...p, cmdline: p.cmdline.slice(0, CMDLINE_MAX) } : p;
}
// JSON has no Infinity (an unlimited cgroup): spell it out.
function encodeNumbers(_k, v) {
    return v === Infinity ? 'Infinity' : v;
}
function decodeNumbers(_k, v) {
    return v === 'Infinity' ? Infinity : v;
}
export function readTrace(path) {
    const raw = readFileSync(path);
    // finishFlush: a recorder killed mid-run leaves no gzip trailer.
    const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw, { finishFlush: zc.Z_SYNC_FLUSH }) : raw).toString('utf8');
    return parseTrace(text, path);
}
export function parseTrace(text, name = 'trace') {
    const lines = text.split('\n');
    let truncated = false;
    if (lines[lines.length - 1] === '')
        lines.pop();
    else
        truncated = lines.length > 1;
    if (truncated)
        lines.pop();
    const first = lines.shift();
    if (!first)
        throw new Error(`${name}: empty trace`);
    const header = JSON.parse(first);
    if (header.format !== TRACE_FORMAT)
        throw new Error(`${name}: not an oomtop trace (format ${JSON.stringify(header.format)})`);
    if (header.version > TRACE_VERSION)
        throw new Error(`${name}: trace version ${header.version} is newer than this oomtop reads (${TRACE_VERSION})`);
    const samples = lines.map((l, i) => {
        try {
            return JSON.parse(l, decodeNumbers);
        }
        catch (err) {
            throw new Error(`${name}: line ${i + 2}: ${err.message}`);
        }
    });
    return { header, samples, truncated };
}
/**
 * A trace as the engine's sample source. `advance()` moves to the next
 * sample; every read answers from the current one, so a "fresh" process scan
 * in replay is the latest scan recorded up to that point.
 */
export class TraceSource {
    trace;
    index = -1;
    lastProcesses = [];
    cgroups = new Map();
    constructor(trace) {
        this.trace = trace;
    }
    get current() {
        return this.trace.samples[this.index] ?? null;
    }
    advance() {
        this.index++;
        const s = this.current;
        if (!s)
            return null;
        if (s.processes)
            this.lastProcesses = s.processes;
        for (const c of s.cgroups)
            this.cgroups.set(c.path, c);
        return s;
    }
    sample(req) {
        const s = this.current;
        if (!s)
            throw new Error('trace exhausted');
        return { ...s, processes: req.processes ? this.lastProcesses : s.processes };
    }
    scanProcesses() {
        return this.lastProcesses;
    }
    readProcess(pid) {
        return this.lastProcesses.find((p) => p.pid === pid) ?? null;
    }
    readCgroup(path) {
        return this.cgroups.get(path) ?? null;
    }
    readNode() {
        const s = this.current ?? this.trace.samples[0];
        if (!s)
            throw new Error('empty trace');
        return s.node;
    }
    cgroupVersions() {
        return this.trace.header.cgroupVersions;
    }
    close() { }
}
