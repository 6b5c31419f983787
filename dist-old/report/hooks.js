// User hooks on kill events: an exec hook (/bin/sh -c, event in OOMTOP_* env
// and as JSON on stdin) and a webhook (POST JSON with retries).
//
// Both run beside the enforcer, so nothing here may slow it down or throw into
// it: emit() only queues and returns; spawns happen on a later turn of the
// event loop; concurrency and queues are bounded and overflow is dropped and
// counted rather than buffered without end.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
/** Events that concern a process being (or about to be) killed. */
const ACTION_EVENTS = new Set(['kill', 'would-kill', 'manual-kill', 'kernel-oom']);
/** The webhook also hears danger transitions, which is what alerting wants. */
const WEBHOOK_EVENTS = new Set([...ACTION_EVENTS, 'decision']);
const DEFAULT_QUEUE_MAX = 256;
const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_BACKOFF_MS = 500;
const DEFAULT_EXEC_CONCURRENCY = 4;
/** Env values are capped well below the kernel's 128 KiB per-string limit. */
const MAX_ENV_VALUE = 4096;
/** Control characters (NUL, newlines, escapes, C1) become spaces: env values reach shells and log lines. */
export function sanitizeEnvValue(v) {
    if (v === null || v === undefined)
        return '';
    // eslint-disable-next-line no-control-regex
    const s = String(v).replace(/[\x00-\x1f\x7f-\x9f]/g, ' ');
    return s.length > MAX_ENV_VALUE ? s.slice(0, MAX_ENV_VALUE) : s;
}
/** The OOMTOP_* variables an exec hook sees. Missing values are empty strings. */
export function hookEnv(e, phase, host) {
    const v = e.victim;
    const raw = {
        OOMTOP_TYPE: e.type,
        OOMTOP_PHASE: phase,
        OOMTOP_TIME: e.time,
        OOMTOP_HOST: host,
        OOMTOP_SCOPE: e.scope,
        OOMTOP_MODE: e.mode,
        OOMTOP_LEVEL: e.level,
        OOMTOP_PROBABILITY: e.probability,
        OOMTOP_REASONS: e.reasons.map((r) => r.signal).join(','),
        OOMTOP_REASON_TEXT: e.reasons.map((r) => r.text).join('; '),
        OOMTOP_PID: v?.pid,
        OOMTOP_NAME: v?.name,
        OOMTOP_CMDLINE: v?.cmdline,
        OOMTOP_USER: v?.user,
        OOMTOP_CGROUP: v?.cgroup,
        OOMTOP_POD_UID: v?.podUid,
        OOMTOP_START_TIME: v?.startTime,
        OOMTOP_RSS: v?.rss,
        OOMTOP_SWAP: v?.swap,
        OOMTOP_OOM_SCORE_ADJ: v?.oomScoreAdj,
        OOMTOP_MEMBERS: v?.members?.join(','),
        OOMTOP_RANK_REASON: e.rankReason,
        OOMTOP_SIGNAL: e.signal,
        OOMTOP_BYTES_FREED: e.bytesFreed,
        OOMTOP_OUTCOME: e.outcome,
        OOMTOP_MESSAGE: e.message,
    };
    const env = {};
    for (const [k, val] of Object.entries(raw))
        env[k] = sanitizeEnvValue(val);
    return env;
}
/**
 * argv for an exec hook: `/bin/sh -c command`, behind a tiny shell that first
 * raises its oom_score_adj (raising needs no privilege) when oomtop's own is
 * lower, then execs the hook so the command sees plain `sh -c` semantics.
 */
export function hookArgv(command, ownOomScoreAdj, hookOomScoreAdj) {
    if (ownOomScoreAdj >= hookOomScoreAdj)
        return ['/bin/sh', '-c', command];
    const adj = Math.trunc(Math.min(1000, Math.max(-1000, hookOomScoreAdj)));
    return ['/bin/sh', '-c', `echo ${adj} > /proc/self/oom_score_adj 2>/dev/null; exec /bin/sh -c "$1"`, 'oomtop-hook', command];
}
function ownOomScoreAdj() {
    try {
        return Number(readFileSync('/proc/self/oom_score_adj', 'utf8').trim()) || 0;
    }
    catch {
        return 0;
    }
}
export function hookPayload(e, phase, host) {
    return JSON.stringify({ ...e, phase, host });
}
export class HookRunner {
    cfg;
    queueMax;
    maxRetries;
    backoffMs;
    execConcurrency;
    onError;
    host;
    ownOomScoreAdj = ownOomScoreAdj();
    hookOomScoreAdj;
    counts = {
        execStarted: 0, execFailed: 0, execTimedOut: 0, execDropped: 0,
        webhookDelivered: 0, webhookRetries: 0, webhookFailed: 0, webhookDropped: 0,
    };
    /** Exec hooks queued for the next turn or running. */
    execBusy = 0;
    children = new Set();
    queue = [];
    sending = false;
    inFlight = null;
    backoffTimer = null;
    closed = false;
    constructor(cfg, opts = {}) {
        this.cfg = cfg;
        this.queueMax = Math.max(1, opts.queueMax ?? DEFAULT_QUEUE_MAX);
        this.maxRetries = Math.max(0, opts.maxRetries ?? DEFAULT_MAX_RETRIES);
        this.backoffMs = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
        this.execConcurrency = Math.max(1, opts.execConcurrency ?? DEFAULT_EXEC_CONCURRENCY);
        this.onError = opts.onError ?? (() => { });
        this.host = opts.host ?? hostname();
        this.hookOomScoreAdj = opts.hookOomScoreAdj ?? 0;
    }
    stats() {
        return { ...this.counts };
    }
    /** Queues the hooks this event calls for and returns at once; never throws. */
    emit(e, phase) {
        if (this.closed)
            return;
        try {
            const exec = this.cfg?.exec;
            if (exec && ACTION_EVENTS.has(e.type) && (phase === 'after' || exec.before === true))
                this.queueExec(exec, e, phase);
            const hook = this.cfg?.webhook;
            if (hook && phase === 'after' && WEBHOOK_EVENTS.has(e.type))
                this.queueWebhook(hookPayload(e, phase, this.host));
        }
        catch (err) {
            this.report(`hook emit failed: ${errText(err)}`);
        }
    }
    /** Resolves when running hooks and queued deliveries are done, or after timeoutMs. */
    async drain(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        while (!this.idle() && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, Math.min(20, Math.max(1, deadline - Date.now()))));
        }
    }
    /** Stops everything: aborts the delivery in flight and drops the queue. Running exec hooks end by their own timeout(1) deadline; they no longer hold oomtop's exit. */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        for (const child of this.children)
            child.unref();
        this.counts.webhookDropped += this.queue.length;
        this.queue.length = 0;
        if (this.backoffTimer)
            clearTimeout(this.backoffTimer);
        this.backoffTimer = null;
        this.inFlight?.destroy(new Error('hook runner closed'));
    }
    idle() {
        return this.execBusy === 0 && this.queue.length === 0 && !this.sending;
    }
    report(message) {
        try {
            this.onError(message);
        }
        catch {
            // a faulty logger must not break hooks
        }
    }
    queueExec(exec, e, phase) {
        if (this.execBusy >= this.execConcurrency) {
            this.counts.execDropped++;
            this.report(`exec hook dropped: ${this.execBusy} already running`);
            return;
        }
        this.execBusy++;
        const env = { ...process.env, ...hookEnv(e, phase, this.host) };
        const stdin = hookPayload(e, phase, this.host) + '\n';
        // Forking happens on the next turn, so the caller (about to signal a victim) is not held up.
        setImmediate(() => this.runExec(exec.command, exec.timeout, env, stdin));
    }
    runExec(command, timeoutS, env, stdin) {
        if (this.closed) {
            this.execBusy--;
            return;
        }
        let child;
        try {
            // timeout(1) puts the hook in its own process group and, at the
            // deadline, kills the whole group: what the hook started dies with it,
            // and oomtop itself never signals anything outside src/kill.
            const argv = ['timeout', '-s', 'KILL', `${Math.max(0.001, timeoutS)}`, ...hookArgv(command, this.ownOomScoreAdj, this.hookOomScoreAdj)];
            child = spawn(argv[0], argv.slice(1), { env, stdio: ['pipe', 'ignore', 'pipe'], detached: true });
        }
        catch (err) {
            this.execBusy--;
            this.counts.execFailed++;
            this.report(`exec hook failed to start: ${errText(err)}`);
            return;
        }
        this.counts.execStarted++;
        this.children.add(child);
        let stderr = '';
        let timedOut = false;
        child.stderr?.on('data', (d) => {
            if (stderr.length < 1024)
                stderr += d.toString('utf8');
        });
        child.stdin?.on('error', () => { }); // a hook that ignores stdin and exits gives EPIPE
        child.stdin?.end(stdin);
        let done = false;
        const finish = (code, signal, spawnError) => {
            if (done)
                return;
            done = true;
            // timeout(1) killed the group, itself included, at the deadline.
            timedOut = signal === 'SIGKILL' || code === 137;
            this.children.delete(child);
            this.execBusy--;
            const tail = sanitizeEnvValue(stderr.trim()).slice(0, 200);
            if (timedOut) {
                this.counts.execTimedOut++;
                this.report(`exec hook killed after its ${timeoutS} s timeout`);
            }
            else if (spawnError || code !== 0) {
                this.counts.execFailed++;
                const why = spawnError ? spawnError.message : signal ? `signal ${signal}` : `exit status ${code}`;
                this.report(`exec hook failed: ${why}${tail ? `: ${tail}` : ''}`);
            }
        };
        child.once('error', (err) => finish(null, null, err));
        // Not 'close': a hook may leave a background process (in another process
        // group, out of our reach) holding its stderr open. Give the pipe a moment
        // to flush the error text, then stop listening.
        child.once('exit', (code, signal) => {
            const flushed = setTimeout(() => {
                child.stderr?.destroy();
                finish(code, signal);
            }, 100);
            child.stderr?.once('close', () => {
                clearTimeout(flushed);
                finish(code, signal);
            });
        });
    }
    queueWebhook(body) {
        if (this.queue.length >= this.queueMax) {
            this.queue.shift();
            this.counts.webhookDropped++;
            this.report('webhook queue full: dropped the oldest event');
        }
        this.queue.push({ body, attempts: 0 });
        if (!this.sending)
            void this.pump();
    }
    /** Delivers the queue in order, one request at a time. */
    async pump() {
        const hook = this.cfg?.webhook;
        if (!hook || this.sending)
            return;
        this.sending = true;
        try {
            while (!this.closed && this.queue.length > 0) {
                const d = this.queue[0];
                d.attempts++;
                const result = await this.post(hook.url, d.body, hook.timeout * 1000);
                if (this.closed)
                    break;
                if (result.ok) {
                    this.counts.webhookDelivered++;
                    this.dequeue(d);
                    continue;
                }
                if (!result.retry || d.attempts > this.maxRetries) {
                    this.counts.webhookFailed++;
                    this.report(`webhook gave up after ${d.attempts} attempt(s): ${result.why}`);
                    this.dequeue(d);
                    continue;
                }
                this.counts.webhookRetries++;
                const delay = this.backoffMs * 2 ** (d.attempts - 1);
                await new Promise((r) => {
                    this.backoffTimer = setTimeout(() => {
                        this.backoffTimer = null;
                        r();
                    }, delay);
                });
            }
        }
        finally {
            this.sending = false;
        }
    }
    /** Removes a delivery unless overflow already pushed it out. */
    dequeue(d) {
        if (this.queue[0] === d)
            this.queue.shift();
    }
    post(url, body, timeoutMs) {
        return new Promise((resolve) => {
            let settled = false;
            const settle = (r) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                this.inFlight = null;
                resolve(r);
            };
            let req;
            try {
                const u = new URL(url);
                const request = u.protocol === 'https:' ? httpsRequest : u.protocol === 'http:' ? httpRequest : null;
                if (!request)
                    throw new Error(`unsupported protocol ${u.protocol}`);
                req = request(u, {
                    method: 'POST',
                    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'oomtop' },
                });
            }
            catch (err) {
                resolve({ ok: false, retry: false, why: errText(err) });
                return;
            }
            this.inFlight = req;
            // One deadline for connect, send and the whole response.
            const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
            req.on('error', (err) => settle({ ok: false, retry: true, why: errText(err) }));
            req.on('response', (res) => {
                const status = res.statusCode ?? 0;
                res.resume();
                res.on('error', (err) => settle({ ok: false, retry: true, why: errText(err) }));
                res.on('end', () => {
                    if (status >= 200 && status < 300)
                        settle({ ok: true, retry: false, why: '' });
                    // Client errors other than timeout/throttling will not get better by retrying.
                    else
                        settle({ ok: false, retry: status >= 500 || status === 408 || status === 429, why: `HTTP ${status}` });
                });
            });
            req.end(body);
        });
    }
}
function errText(err) {
    return err instanceof Error ? err.message : String(err);
}
