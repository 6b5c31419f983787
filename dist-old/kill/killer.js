// The only place in oomtop that sends signals. Order matters:
//   1. pin the process with a pidfd, so a PID recycled after this point cannot be hit;
//   2. re-read its start time and compare with what the policy chose;
//   3. signal through the pidfd (process.kill, after the same re-check, when
//      pidfds are unavailable), TERM then KILL after the grace;
//   4. process_mrelease after KILL, so memory returns before the exit path ends.
import { constants as osConstants } from 'node:os';
import { listGroupMembers, readStatIdentity } from './procstat.js';
import { closeFd, pidfdExited, pidfdOpen, pidfdSendSignal, pidfdSupported, processMrelease, } from './syscalls.js';
const SIGNUM = osConstants.signals;
class RefusedError extends Error {
}
export class Killer {
    procRoot;
    readIdentity;
    now;
    pollMs;
    killWaitMs;
    usePidfd;
    constructor(opts = {}) {
        this.procRoot = opts.procRoot ?? '/proc';
        this.readIdentity = opts.readIdentity ?? ((pid) => readStatIdentity(this.procRoot, pid));
        this.now = opts.now ?? (() => performance.now());
        this.pollMs = opts.pollMs ?? 10;
        this.killWaitMs = opts.killWaitMs ?? 5000;
        this.usePidfd = opts.pidfd !== false && pidfdSupported();
    }
    async kill(req) {
        const t0 = this.now();
        const res = { outcome: 'error', signals: '', signalMs: 0, exitMs: null, members: [], mreleased: false };
        const targets = [];
        try {
            this.refuseUnsafe(req.pid, 'pid');
            const main = this.pin(req.pid);
            if (main.fd !== null)
                targets.push(main);
            res.via = main.fd !== null ? 'pidfd' : 'kill(2)';
            if (main.gone)
                return { ...res, outcome: 'gone-before-signal' };
            const id = this.readIdentity(req.pid);
            if (!id || id.state === 'Z' || id.state === 'X')
                return { ...res, outcome: 'gone-before-signal' };
            if (id.startTime !== req.startTime) {
                return { ...res, outcome: 'identity-changed', error: `start time ${id.startTime} != expected ${req.startTime}` };
            }
            main.startTime = id.startTime;
            if (main.fd === null)
                targets.push(main);
            if (req.group) {
                const pgid = id.pgid ?? readStatIdentity(this.procRoot, req.pid)?.pgid;
                if (pgid === undefined)
                    throw new Error(`cannot read the process group of ${req.pid}`);
                this.refuseUnsafe(pgid, 'pgid');
                if (pgid === ownPgid())
                    throw new RefusedError(`refusing to kill process group ${pgid}: it is oomtop's own`);
                targets.push(...this.pinGroup(pgid, req.pid));
            }
            await this.run(req, targets, res, t0);
            return res;
        }
        catch (err) {
            // RefusedError (unsafe target) and unexpected failures alike: report, never throw
            return { ...res, outcome: 'error', error: err.message };
        }
        finally {
            for (const t of targets)
                if (t.fd !== null)
                    closeFd(t.fd);
        }
    }
    refuseUnsafe(id, what) {
        if (!Number.isInteger(id) || id <= 1)
            throw new RefusedError(`refusing to signal ${what} ${id}`);
        if (what === 'pid' && id === process.pid)
            throw new RefusedError('refusing to signal oomtop itself');
    }
    /** Opens a pidfd; fd null means pidfds are unavailable and kill(2) is the fallback. */
    pin(pid) {
        const t = { pid, startTime: -1, fd: null, gone: false, failed: false };
        if (!this.usePidfd)
            return t;
        const r = pidfdOpen(pid);
        if (r.ok)
            t.fd = r.value;
        else if (r.code === 'ESRCH')
            t.gone = true;
        // ENOSYS/EMFILE...: fall back to kill(2) with the identity re-check
        return t;
    }
    /** The other members of the group, each pinned and re-checked so a recycled PID is left alone. */
    pinGroup(pgid, mainPid) {
        const out = [];
        for (const m of listGroupMembers(this.procRoot, pgid)) {
            if (m.pid === mainPid || m.pid === process.pid || m.pid <= 1)
                continue;
            const t = this.pin(m.pid);
            if (t.gone)
                continue;
            const id = this.readIdentity(m.pid);
            if (!id || id.startTime !== m.startTime || (id.pgid !== undefined && id.pgid !== pgid)) {
                if (t.fd !== null)
                    closeFd(t.fd);
                continue;
            }
            t.startTime = m.startTime;
            out.push(t);
        }
        return out;
    }
    async run(req, targets, res, t0) {
        const graceMs = Math.max(0, req.grace) * 1000;
        const first = req.signal ?? (graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
        const sent = this.signalAll(targets, first, res);
        if (sent === 'eperm' || sent === 'none') {
            res.outcome = sent === 'eperm' ? 'eperm' : 'gone-before-signal';
            return;
        }
        const tSig = this.now();
        res.signalMs = tSig - t0;
        res.signals = first;
        const finish = (gone, killed) => {
            res.exitMs = gone ? this.now() - tSig : null;
            res.outcome = gone ? (killed ? 'killed' : 'exited') : 'still-alive';
        };
        if (first === 'SIGKILL') {
            this.mrelease(targets, res);
            finish(await this.waitGone(targets, this.killWaitMs), true);
            return;
        }
        const exited = await this.waitGone(targets, graceMs);
        if (exited || req.signal) {
            finish(exited, false);
            return;
        }
        const killSent = this.signalAll(targets, 'SIGKILL', res);
        if (killSent === 'eperm') {
            res.signals = `${first}->SIGKILL`;
            res.outcome = 'eperm';
            return;
        }
        if (killSent === 'none') {
            // every survivor left between the last check and the KILL
            finish(true, false);
            return;
        }
        res.signals = `${first}->SIGKILL`;
        this.mrelease(targets, res);
        finish(await this.waitGone(targets, this.killWaitMs), true);
    }
    /** 'sent' when at least one target got the signal; 'eperm' when the requested PID refused it. */
    signalAll(targets, signal, res) {
        const signum = SIGNUM[signal];
        let sent = false;
        let eperm = false;
        for (const t of targets) {
            if (t.gone || t.failed)
                continue;
            const r = this.signalOne(t, signum);
            if (r === 'ok') {
                sent = true;
                if (!res.members.includes(t.pid))
                    res.members.push(t.pid);
            }
            else if (r === 'gone') {
                t.gone = true;
            }
            else if (r === 'eperm') {
                if (t === targets[0])
                    eperm = true;
                t.failed = true;
            }
            else {
                res.error = r;
                t.failed = true;
            }
        }
        if (eperm)
            return 'eperm';
        if (sent)
            return 'sent';
        if (res.error)
            throw new Error(res.error);
        return 'none';
    }
    signalOne(t, signum) {
        if (t.fd !== null) {
            const r = pidfdSendSignal(t.fd, signum);
            if (r.ok)
                return 'ok';
            if (r.code === 'ESRCH')
                return 'gone';
            if (r.code === 'EPERM')
                return 'eperm';
            return `pidfd_send_signal(${t.pid}): ${r.code}`;
        }
        // No pidfd: the identity re-check right before kill(2) is the only guard.
        const id = this.readIdentity(t.pid);
        if (!id || id.startTime !== t.startTime || id.state === 'Z' || id.state === 'X')
            return 'gone';
        try {
            process.kill(t.pid, signum);
            return 'ok';
        }
        catch (err) {
            const code = err.code;
            if (code === 'ESRCH')
                return 'gone';
            if (code === 'EPERM')
                return 'eperm';
            return `kill(${t.pid}): ${code ?? err.message}`;
        }
    }
    mrelease(targets, res) {
        for (const t of targets) {
            if (t.fd === null || t.gone || t.failed)
                continue;
            const r = processMrelease(t.fd);
            if (r.ok)
                res.mreleased = true;
            if (t === targets[0])
                res.mrelease = r.ok ? 'ok' : r.code;
        }
    }
    isGone(t) {
        if (t.gone)
            return true;
        if (t.fd !== null) {
            const exited = pidfdExited(t.fd);
            if (exited !== null)
                return exited;
        }
        const id = this.readIdentity(t.pid);
        return !id || id.startTime !== t.startTime || id.state === 'Z' || id.state === 'X';
    }
    /** Polls until every target is gone (true) or the time is up (false). */
    async waitGone(targets, ms) {
        const deadline = this.now() + ms;
        for (;;) {
            for (const t of targets)
                if (!t.gone && !t.failed && this.isGone(t))
                    t.gone = true;
            if (targets.every((t) => t.gone || t.failed))
                return true;
            const left = deadline - this.now();
            if (left <= 0)
                return false;
            await new Promise((r) => setTimeout(r, Math.min(this.pollMs, left)));
        }
    }
}
let cachedPgid;
function ownPgid() {
    if (cachedPgid === undefined) {
        try {
            cachedPgid = readStatIdentity('/proc', process.pid)?.pgid ?? null;
        }
        catch {
            cachedPgid = null;
        }
    }
    return cachedPgid;
}
