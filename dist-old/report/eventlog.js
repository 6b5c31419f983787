// The event log: one JSON object per line (JSONL), appended synchronously (in
// the page cache, not fsynced) before the engine moves on, rotated to `<path>.1` when it
// grows past maxBytes. Appending never throws: a logger that can take down an
// OOM killer is worse than a lost line.
import { accessSync, appendFileSync, closeSync, constants as fsConstants, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, watch, } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const DEFAULT_RING = 1000;
/** Events kept for a retry while the file cannot be written; beyond this the oldest are dropped. */
const MAX_UNWRITTEN = 10_000;
export function defaultFallbackPath(env = process.env) {
    const stateHome = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
    return join(stateHome, 'oomtop', 'events.jsonl');
}
/** Creates the directory (0750) and the file (0640) if needed, then checks it can be appended to. */
function prepare(path) {
    try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    }
    catch (err) {
        // EEXIST here means a file sits where a directory should be: let open say ENOTDIR
        if (err.code !== 'EEXIST')
            throw err;
    }
    closeSync(openSync(path, 'a', 0o640));
    accessSync(path, fsConstants.W_OK);
}
function errCode(err) {
    return err.code ?? err.message;
}
export class EventLog {
    /** Where events are written: the configured path, or the per-user fallback. */
    path;
    /** Set when the configured path could not be used, in words for the operator. */
    note = null;
    onError;
    maxBytes;
    ringSize;
    ring = [];
    unwritten = [];
    dropped = 0;
    closed = false;
    constructor(path, opts = {}) {
        this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
        this.ringSize = opts.ringSize ?? DEFAULT_RING;
        try {
            prepare(path);
            this.path = path;
        }
        catch (err) {
            const fallback = defaultFallbackPath();
            try {
                prepare(fallback);
                this.path = fallback;
                this.note = `cannot write ${path} (${errCode(err)}); events go to ${fallback}`;
            }
            catch (err2) {
                // Keep the configured path: appends report their errors and the ring still works.
                this.path = path;
                this.note = `cannot write ${path} (${errCode(err)}) nor ${fallback} (${errCode(err2)}); events are kept in memory only`;
            }
        }
    }
    append(e) {
        this.ring.push(e);
        if (this.ring.length > this.ringSize)
            this.ring.splice(0, this.ring.length - this.ringSize);
        let line;
        try {
            line = JSON.stringify(e) + '\n';
        }
        catch (err) {
            this.report(err);
            return;
        }
        if (this.closed) {
            this.report(new Error('event log closed'));
            return;
        }
        this.unwritten.push(line);
        if (this.unwritten.length > MAX_UNWRITTEN) {
            this.dropped += this.unwritten.length - MAX_UNWRITTEN;
            this.unwritten.splice(0, this.unwritten.length - MAX_UNWRITTEN);
        }
        this.flush();
    }
    /** The last n events appended in this process, oldest first. */
    recent(n = this.ringSize) {
        return n <= 0 ? [] : this.ring.slice(-n);
    }
    /** Events that could not be written yet (they are retried on the next append) and those dropped for good. */
    pending() {
        return { unwritten: this.unwritten.length, dropped: this.dropped };
    }
    close() {
        if (this.closed)
            return;
        this.flush();
        this.closed = true;
    }
    flush() {
        if (this.unwritten.length === 0)
            return;
        const chunk = this.unwritten.join('');
        try {
            this.rotateIfNeeded(Buffer.byteLength(chunk));
            // O_APPEND per call: safe against logrotate moving the file and against other writers.
            appendFileSync(this.path, chunk, { mode: 0o640 });
            this.unwritten = [];
        }
        catch (err) {
            this.report(err);
        }
    }
    rotateIfNeeded(incoming) {
        let size;
        try {
            size = statSync(this.path).size;
        }
        catch {
            return; // not there: the append creates it
        }
        if (size > 0 && size + incoming > this.maxBytes)
            renameSync(this.path, `${this.path}.1`);
    }
    report(err) {
        const e = err instanceof Error ? err : new Error(String(err));
        try {
            this.onError?.(e);
        }
        catch {
            // an error handler that throws must not break the caller either
        }
    }
}
function isEvent(v) {
    return typeof v === 'object' && v !== null && typeof v.time === 'string' && typeof v.type === 'string';
}
/** Parses JSONL text; a last line without '\n' is a torn write and is not parsed. */
export function parseEventLines(text) {
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    const out = { events: [], skipped: 0, tornTail: tail.trim() !== '' };
    for (const line of lines) {
        if (line.trim() === '')
            continue;
        try {
            const v = JSON.parse(line);
            if (isEvent(v))
                out.events.push(v);
            else
                out.skipped++;
        }
        catch {
            out.skipped++;
        }
    }
    return out;
}
function readIfExists(path) {
    try {
        return readFileSync(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return '';
        throw err;
    }
}
export function readEventLog(path, opts = {}) {
    const texts = opts.rotated === false ? [readIfExists(path)] : [readIfExists(`${path}.1`), readIfExists(path)];
    const all = { events: [], skipped: 0, tornTail: false };
    texts.forEach((text, i) => {
        const part = parseEventLines(text);
        all.events.push(...part.events);
        all.skipped += part.skipped;
        if (i === texts.length - 1)
            all.tornTail = part.tornTail;
        else if (part.tornTail)
            all.skipped++; // a rotated file's torn line will never be completed
    });
    if (opts.since) {
        const since = opts.since.getTime();
        all.events = all.events.filter((e) => Date.parse(e.time) >= since);
    }
    if (opts.limit !== undefined)
        all.events = opts.limit > 0 ? all.events.slice(-opts.limit) : [];
    return all;
}
/** Events from the log (and its rotated predecessor), oldest first. A missing file reads as empty. */
export function readEvents(path, opts = {}) {
    return readEventLog(path, opts).events;
}
/**
 * Tails the log until the signal aborts: new complete lines become events.
 * Follows rotation (the path now names a new file: finish the old one, then
 * read the new one from its start) and truncation (size below our offset:
 * start again at 0). Resolves when aborted.
 */
export function followEvents(path, onEvent, opts) {
    const { signal } = opts;
    let fd = null;
    let ino = -1;
    let pos = 0;
    let partial = '';
    let first = true;
    const buf = Buffer.alloc(64 * 1024);
    const emit = (text) => {
        partial += text;
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
            if (line.trim() === '')
                continue;
            let v;
            try {
                v = JSON.parse(line);
            }
            catch {
                opts.onSkip?.(line);
                continue;
            }
            if (isEvent(v))
                onEvent(v);
            else
                opts.onSkip?.(line);
        }
    };
    const drain = () => {
        if (fd === null)
            return;
        for (;;) {
            const n = readSync(fd, buf, 0, buf.length, pos);
            if (n <= 0)
                break;
            pos += n;
            emit(buf.toString('utf8', 0, n));
        }
    };
    const closeCurrent = () => {
        if (fd !== null)
            closeSync(fd);
        fd = null;
    };
    const check = () => {
        if (signal.aborted)
            return;
        const atStart = first;
        first = false;
        try {
            let st;
            try {
                st = statSync(path);
            }
            catch {
                st = null; // rotated away and not yet recreated, or not created yet
            }
            if (fd !== null && (!st || st.ino !== ino)) {
                drain(); // the rest of the rotated file
                closeCurrent();
                partial = '';
            }
            if (!st)
                return;
            if (fd === null) {
                fd = openSync(path, 'r');
                ino = fstatSync(fd).ino;
                // only a file present when following began is skipped to its end
                pos = atStart && !opts.fromStart ? fstatSync(fd).size : 0;
                partial = '';
            }
            if (fstatSync(fd).size < pos) {
                pos = 0; // truncated in place
                partial = '';
            }
            drain();
        }
        catch {
            // a transient error (file replaced mid-read): the next tick retries
            closeCurrent();
        }
    };
    return new Promise((resolve) => {
        let watcher = null;
        try {
            const name = basename(path);
            watcher = watch(dirname(path), (_ev, file) => {
                if (!file || file === name || file === `${name}.1`)
                    check();
            });
            watcher.on('error', () => {
                watcher?.close();
                watcher = null;
            });
        }
        catch {
            watcher = null; // directory missing or watch unsupported: polling alone
        }
        const timer = setInterval(check, opts.pollMs ?? 250);
        check();
        const stop = () => {
            clearInterval(timer);
            watcher?.close();
            closeCurrent();
            resolve();
        };
        if (signal.aborted)
            stop();
        else
            signal.addEventListener('abort', stop, { once: true });
    });
}
