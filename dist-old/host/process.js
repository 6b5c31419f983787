// The process scan. Per process and scan it reads /proc/PID/stat (identity,
// state, parentage, rss) through a kept fd, and /proc/PID/status (memory
// split, swap, uid) when it can have changed (see scanOne). The files that
// change rarely (cmdline, cgroup, oom_score, oom_score_adj) are cached per
// (pid, start time) and re-read on a staggered schedule; SLOW_REFRESH_MS
// states the staleness bound. Parsing works on the bytes of one reused
// Buffer, without exceptions unless a read fails: with text parsing, the
// strings, splits and closures cost more than the read(2) calls themselves
// (test/bench/sample.bench.ts has the figures).
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { isVanished, readTextOrNull } from './fsread.js';
import { parseContainerIdentity } from './container.js';
import { UserNames } from './users.js';
import { DEFAULT_PAGE_SIZE } from './node.js';
/** PF_KTHREAD in the flags field of /proc/PID/stat. */
const PF_KTHREAD = 0x00200000;
/** Longest cmdline kept: enough for rules and display, bounded for hostile argv. */
export const CMDLINE_MAX = 4096;
/**
 * Longest time cmdline, cgroup, oom_score and oom_score_adj are served from
 * the cache (ms). Each process is re-read after a pseudo-random 50-100 % of
 * this since its last read, which spreads the refreshes evenly over scans
 * instead of re-reading a whole cohort of processes in one scan. A new
 * process (a PID not seen with this start time), a changed comm (an exec or
 * PR_SET_NAME) and `read(pid)` always read them fresh. status's uid is
 * re-read with them at the latest (its memory lines see scanOne).
 *
 * What the policy tolerates: ranking sorts on oom_score_adj after the prefer
 * rules and excludes adj -1000. Most adj values are set before exec (systemd
 * OOMScoreAdjust=, container runtimes applying kubelet's QoS values, a
 * parent before exec), so the read of a new process or the re-read after an
 * exec sees them. A process that changes its own adj later is ranked on the
 * old value for at most this long: a misordering for a few scans, except
 * that a process lowering itself to -1000 inside the window could be
 * picked, so the kill path should re-check its victim with `read(pid)`
 * before signalling. cmdline (setproctitle) and cgroup (a migration) affect
 * rule matching within the same bound. oom_score is display-only here.
 */
export const SLOW_REFRESH_MS = 10_000;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const TAB = 0x09;
/** Where the last digitsAt/intAt stopped: the byte parsers return numbers without allocating pairs. */
let lastEnd = 0;
/** The decimal digits starting exactly at buf[i] (0 when none). Sets lastEnd to the first non-digit. */
function digitsAt(buf, len, i) {
    let n = 0;
    for (; i < len; i++) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9)
            break;
        n = n * 10 + d;
    }
    lastEnd = i;
    return n;
}
/**
 * Parses a stat line in buf[0, len). comm may contain spaces, parentheses
 * and newlines, so it is taken between the first '(' and the LAST ')'; the
 * numeric fields follow the last ')'. False for text that is not a stat line
 * (too few fields, or a needed field that is not an integer).
 */
function scanStat(buf, len, out) {
    let open = 0;
    while (open < len && buf[open] !== 0x28)
        open++;
    let close = len - 1;
    while (close > open && buf[close] !== 0x29)
        close--;
    if (open >= len || close <= open)
        return false;
    out.commStart = open + 1;
    out.commEnd = close;
    let i = close + 2; // field 3 (state) starts after ") "
    const stateStart = i;
    while (i < len && buf[i] !== SPACE && buf[i] !== NEWLINE)
        i++;
    if (i === stateStart || i >= len)
        return false;
    // one character on every kernel; single-character strings are interned by V8
    out.state = i - stateStart === 1 ? String.fromCharCode(buf[stateStart]) : buf.toString('latin1', stateStart, i);
    // fields 4..24: parse the ones kept, step over the others
    for (let field = 4; field <= 24; field++) {
        i++; // the separator
        let neg = false;
        if (buf[i] === 0x2d) {
            neg = true;
            i++;
        }
        const start = i;
        let n = digitsAt(buf, len, i);
        i = lastEnd;
        const end = buf[i];
        if (i === start || (i < len && end !== SPACE && end !== NEWLINE) || (i >= len && field < 24))
            return false;
        if (neg)
            n = -n;
        switch (field) {
            case 4:
                out.ppid = n;
                break;
            case 5:
                out.pgid = n;
                break;
            case 6:
                out.sid = n;
                break;
            case 9:
                out.flags = n;
                break;
            case 22:
                out.startTime = n;
                break;
            case 24:
                out.rssPages = n;
                break;
        }
    }
    return true;
}
function newStatFields() {
    return { commStart: 0, commEnd: 0, state: '', ppid: 0, pgid: 0, sid: 0, flags: 0, startTime: 0, rssPages: 0 };
}
/** Parses /proc/PID/stat text (see scanStat); null when it is not a stat line. */
export function parsePidStat(text) {
    const buf = Buffer.from(text, 'utf8');
    const f = newStatFields();
    if (!scanStat(buf, buf.length, f))
        return null;
    return {
        comm: buf.toString('utf8', f.commStart, f.commEnd),
        state: f.state,
        ppid: f.ppid,
        pgid: f.pgid,
        sid: f.sid,
        flags: f.flags,
        startTime: f.startTime,
        rssPages: f.rssPages,
    };
}
const K_UID = Buffer.from('\nUid:');
const K_NSPID = Buffer.from('\nNSpid:');
const K_VMRSS = Buffer.from('\nVmRSS:');
const K_ANON = Buffer.from('\nRssAnon:');
const K_FILE = Buffer.from('\nRssFile:');
const K_SHMEM = Buffer.from('\nRssShmem:');
const K_SWAP = Buffer.from('\nVmSwap:');
/**
 * Offset just after "<key>:" at the start of a line of buf[0, len), or -1.
 * Buffer.indexOf has no end bound, so a key absent from buf[0, len) is
 * searched through the rest of the buffer (old bytes): a few us, paid only
 * for zombies and exiting processes, whose status has no memory lines.
 */
function valueAt(buf, len, key) {
    const at = buf.indexOf(key);
    if (at >= 0 && at + key.length <= len)
        return at + key.length;
    // the key on the first line (no newline before it): only hand-made text
    const n = key.length - 1;
    if (len < n)
        return -1;
    for (let i = 0; i < n; i++)
        if (buf[i] !== key[i + 1])
            return -1;
    return n;
}
/** The integer starting at buf[i] after blanks; -1 when there is none. Sets lastEnd. */
function intAt(buf, len, i) {
    while (i < len && (buf[i] === SPACE || buf[i] === TAB))
        i++;
    const n = digitsAt(buf, len, i);
    return lastEnd === i ? -1 : n;
}
function kbAt(buf, len, key) {
    const at = valueAt(buf, len, key);
    if (at < 0)
        return 0;
    const n = intAt(buf, len, at);
    return n < 0 ? 0 : n * 1024;
}
/**
 * Parses a status file in buf[0, len). uid is the effective uid (the owner
 * ps and top show). Memory lines are absent for kernel threads and zombies: 0.
 */
function scanStatus(buf, len, out) {
    const uidAt = valueAt(buf, len, K_UID);
    out.uid = -1;
    if (uidAt >= 0) {
        const real = intAt(buf, len, uidAt);
        const effective = real < 0 ? -1 : intAt(buf, len, lastEnd);
        out.uid = effective >= 0 ? effective : real;
    }
    out.nspidAt = valueAt(buf, len, K_NSPID);
    out.rss = kbAt(buf, len, K_VMRSS);
    out.rssAnon = kbAt(buf, len, K_ANON);
    out.rssFile = kbAt(buf, len, K_FILE);
    out.rssShmem = kbAt(buf, len, K_SHMEM);
    out.swap = kbAt(buf, len, K_SWAP);
    out.len = len;
}
/** The NSpid chain whose values start at buf[at] (up to the end of the line). */
function nspidAt(buf, len, at) {
    const out = [];
    let i = at;
    for (;;) {
        while (i < len && (buf[i] === SPACE || buf[i] === TAB))
            i++;
        if (i >= len || buf[i] === NEWLINE)
            return out;
        const n = intAt(buf, len, i);
        if (n < 0)
            return out;
        out.push(n);
        i = lastEnd;
    }
}
function newStatusFields() {
    return { uid: -1, rss: 0, rssAnon: 0, rssFile: 0, rssShmem: 0, swap: 0, nspidAt: -1, len: 0 };
}
/** Parses /proc/PID/status text (see scanStatus). */
export function parsePidStatus(text) {
    const buf = Buffer.from(text, 'latin1');
    const f = newStatusFields();
    scanStatus(buf, buf.length, f);
    return {
        uid: f.uid,
        nspid: f.nspidAt < 0 ? [] : nspidAt(buf, buf.length, f.nspidAt),
        rss: f.rss,
        rssAnon: f.rssAnon,
        rssFile: f.rssFile,
        rssShmem: f.rssShmem,
        swap: f.swap,
    };
}
/**
 * The memory cgroup path from /proc/PID/cgroup: the v1 line whose controller
 * list contains "memory", else the cgroup2 "0::" line; "" when neither.
 */
export function parsePidCgroup(text) {
    let unified = '';
    for (const line of text.split('\n')) {
        const a = line.indexOf(':');
        const b = line.indexOf(':', a + 1);
        if (a < 0 || b < 0)
            continue;
        const controllers = line.slice(a + 1, b);
        const path = line.slice(b + 1);
        if (controllers === '') {
            if (line.slice(0, a) === '0')
                unified = path;
        }
        else if (controllers.split(',').includes('memory')) {
            return path;
        }
    }
    return unified;
}
/** NUL-separated argv -> one line: NULs become spaces, trailing ones dropped, capped. */
export function parseCmdline(text, max = CMDLINE_MAX) {
    let s = text.length > max ? text.slice(0, max) : text;
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) === 0)
        end--;
    s = s.slice(0, end);
    return s.includes('\0') ? s.replace(/\0/g, ' ') : s;
}
// ---- reading into one reused Buffer ----
/** A read's outcome when it is not a length: the process exited (or its PID now names another). */
const GONE = -1;
/** EACCES, EISDIR, ...: keep the process and default the field. */
const UNREADABLE = -2;
/** Bytes of cmdline read: CMDLINE_MAX UTF-16 units never need more than 4 bytes each, and argv can be megabytes. */
const CMDLINE_BYTES = CMDLINE_MAX * 4;
let scratch = Buffer.allocUnsafe(CMDLINE_BYTES * 2);
function failure(err) {
    return isVanished(err) ? GONE : UNREADABLE;
}
/**
 * The file into scratch with reads at position 0, which regenerate seq_file
 * content, so a kept fd gives fresh data. One read(2) is enough unless the
 * content fills the buffer; then it grows and reads again from 0. `max` > 0
 * reads at most that many bytes.
 */
function readFd(fd, max = 0) {
    try {
        if (max > 0)
            return readSync(fd, scratch, 0, Math.min(max, scratch.length), 0);
        for (;;) {
            const n = readSync(fd, scratch, 0, scratch.length, 0);
            if (n < scratch.length)
                return n;
            scratch = Buffer.allocUnsafe(scratch.length * 2);
        }
    }
    catch (err) {
        return failure(err);
    }
}
function openFd(path) {
    try {
        return openSync(path, 'r');
    }
    catch (err) {
        return failure(err);
    }
}
function closeFd(fd) {
    try {
        closeSync(fd);
    }
    catch {
        // nothing left to release
    }
}
/** open + read + close (see readFd). */
function readPath(path, max = 0) {
    const fd = openFd(path);
    if (fd < 0)
        return fd;
    const n = readFd(fd, max);
    closeFd(fd);
    return n;
}
/** An integer file (oom_score, oom_score_adj) in scratch[0, len). */
function intFile(len, fallback) {
    if (len <= 0)
        return fallback;
    const neg = scratch[0] === 0x2d;
    const n = intAt(scratch, len, neg ? 1 : 0);
    return n < 0 ? fallback : neg ? -n : n;
}
/** Soft RLIMIT_NOFILE from /proc/self/limits (node raises the soft limit to the hard one at start). */
export function openFileLimit(proc = '/proc') {
    const text = readTextOrNull(`${proc}/self/limits`) ?? '';
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
    if (!m)
        return 1024;
    return m[1] === 'unlimited' ? 1 << 20 : Number(m[1]);
}
/** SwapTotal from meminfo text, in kB; null when the line is absent. */
function swapTotalKb(meminfo) {
    const m = meminfo === null ? null : /^SwapTotal:\s+(\d+)/m.exec(meminfo);
    return m ? Number(m[1]) : null;
}
// ---- the table of known processes ----
const NO_CONTAINER = { containerId: null, runtime: null, podUid: null, qos: null };
/** The rarely-changing files, in the order of Tracked.slowFds. */
const SLOW_FILES = ['oom_score', 'oom_score_adj', 'cgroup', 'cmdline'];
const SCORE = 0;
const ADJ = 1;
const CGROUP = 2;
const CMDLINE = 3;
/**
 * A process seen before, keyed by PID and checked by start time. The fds
 * refer to that process, not to the number: after it exits, reads fail with
 * ESRCH even if the PID is reused, and an fd pins only the small struct
 * pid, never the process's memory.
 */
class Tracked {
    pid;
    dir;
    startTime;
    kernelThread;
    statFd = -1;
    statusFd = -1;
    /** fds of SLOW_FILES, or null when they are read by path. */
    slowFds = null;
    commBytes = null;
    comm = '';
    // from status, as of the last status read
    uid = -1;
    user = '?';
    userVersion = -1;
    rss = 0;
    rssAnon = 0;
    rssFile = 0;
    rssShmem = 0;
    swap = 0;
    /** stat's resident pages when status was last read; -1 forces a read. */
    statusRssPages = -1;
    nspid = [];
    // the slow files
    cmdline = '';
    cgroup = '';
    identity = NO_CONTAINER;
    oomScore = 0;
    oomScoreAdj = 0;
    /** When the slow files (and status) are due again, on the reader's clock (ms). */
    due = 0;
    refreshes = 0;
    /** The scan that last saw the PID in the directory. */
    seen = 0;
    constructor(pid, dir, startTime, kernelThread) {
        this.pid = pid;
        this.dir = dir;
        this.startTime = startTime;
        this.kernelThread = kernelThread;
    }
    get fds() {
        let n = (this.statFd >= 0 ? 1 : 0) + (this.statusFd >= 0 ? 1 : 0);
        if (this.slowFds !== null)
            for (const fd of this.slowFds)
                if (fd >= 0)
                    n++;
        return n;
    }
    close() {
        if (this.statFd >= 0)
            closeFd(this.statFd);
        if (this.statusFd >= 0)
            closeFd(this.statusFd);
        if (this.slowFds !== null)
            for (const fd of this.slowFds)
                if (fd >= 0)
                    closeFd(fd);
        this.statFd = -1;
        this.statusFd = -1;
        this.slowFds = null;
    }
    /** Sets comm from stat's bytes in scratch; true when it differs from the last one. */
    setComm(start, end) {
        const old = this.commBytes;
        const len = end - start;
        if (old !== null && old.length === len) {
            let i = 0;
            while (i < len && old[i] === scratch[start + i])
                i++;
            if (i === len)
                return false;
        }
        this.commBytes = Buffer.from(scratch.subarray(start, end));
        this.comm = scratch.toString('utf8', start, end);
        return true;
    }
    /** One slow file into scratch, through its kept fd or by path. */
    readSlow(i, max = 0) {
        const fd = this.slowFds === null ? -1 : this.slowFds[i];
        return fd >= 0 ? readFd(fd, max) : readPath(`${this.dir}/${SLOW_FILES[i]}`, max);
    }
}
/** Pseudo-random in [0.5, 1) from pid and round: staggers refreshes, reproducibly. */
function spread(pid, round) {
    const x = pid * 0.6180339887498949 + round * 0.7548776662466927;
    return 0.5 + 0.5 * (x - Math.floor(x));
}
const stat = newStatFields();
const status = newStatusFields();
/**
 * Upper bound of the default fd budget: all six files of ~2,700 processes
 * (~48 MiB of kernel memory); past it, more processes are read by path
 * rather than pinning more. Hosts with systemd's 512 Ki hard limit would
 * otherwise allow hundreds of thousands.
 */
export const DEFAULT_FD_CAP = 16_384;
/** Reads processes from <proc>; caches uid->name, cgroup path->container identity and, in scan, fds and slow files. */
export class ProcessReader {
    proc;
    pageSize;
    users;
    fdBudget;
    slowFdBudget;
    refreshMs;
    now;
    containers = new Map();
    table = new Map();
    keptFds = 0;
    scans = 0;
    /** Whether status must be read every scan (see scan()). */
    swapPossible = true;
    constructor(opts = {}) {
        const roots = opts.roots ?? { proc: '/proc', sys: '/sys' };
        this.proc = roots.proc;
        this.pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
        this.users = new UserNames(roots.etc ?? '/etc');
        this.fdBudget = opts.fdBudget ?? Math.min(DEFAULT_FD_CAP, Math.floor((openFileLimit() * 3) / 4));
        this.slowFdBudget = opts.keepSlowFds === false ? 0 : Math.floor(this.fdBudget * 0.8);
        this.refreshMs = opts.refreshMs ?? SLOW_REFRESH_MS;
        this.now = opts.now ?? (() => performance.now());
    }
    container(path) {
        let id = this.containers.get(path);
        if (!id) {
            id = parseContainerIdentity(path);
            this.containers.set(path, id);
        }
        return id;
    }
    userOf(t, uid) {
        if (uid === t.uid && t.userVersion === this.users.version)
            return;
        t.uid = uid;
        t.user = uid < 0 ? '?' : this.users.name(uid);
        t.userVersion = this.users.version;
    }
    /** Keeps fds for the slow files when the budget allows (scan only). */
    keepSlowFds(t) {
        // t's own stat and status fds are not in keptFds until track() adds the process
        if (this.keptFds + t.fds + SLOW_FILES.length > this.slowFdBudget)
            return;
        const fds = [];
        for (const name of SLOW_FILES) {
            const fd = openFd(`${t.dir}/${name}`);
            fds.push(fd >= 0 ? fd : -1); // unreadable or gone: the read by path says which
        }
        t.slowFds = fds;
    }
    /** Re-reads cmdline, cgroup, oom_score, oom_score_adj. False when the process vanished. */
    refreshSlow(t, now) {
        const score = t.readSlow(SCORE);
        if (score === GONE)
            return false;
        t.oomScore = intFile(score, 0);
        const adj = t.readSlow(ADJ);
        if (adj === GONE)
            return false;
        t.oomScoreAdj = intFile(adj, 0);
        const cg = t.readSlow(CGROUP);
        if (cg === GONE)
            return false;
        const cgroup = cg < 0 ? '' : parsePidCgroup(scratch.toString('utf8', 0, cg));
        if (cgroup !== t.cgroup) {
            t.cgroup = cgroup;
            t.identity = this.container(cgroup);
        }
        const cmd = t.readSlow(CMDLINE, CMDLINE_BYTES);
        if (cmd === GONE)
            return false;
        t.cmdline = cmd <= 0 ? '' : parseCmdline(scratch.toString('utf8', 0, cmd));
        t.due = now + this.refreshMs * spread(t.pid, t.refreshes++);
        return true;
    }
    /**
     * Reads status (kept fd or path) into t; `withNspid` also parses NSpid,
     * which is fixed at fork. False when the process vanished; unreadable
     * leaves uid -1 and the total from stat.
     */
    readStatus(t, withNspid) {
        const n = t.statusFd >= 0 ? readFd(t.statusFd) : readPath(`${t.dir}/status`);
        if (n === GONE)
            return false;
        t.statusRssPages = stat.rssPages;
        if (n === UNREADABLE) {
            this.userOf(t, -1);
            t.rss = stat.rssPages * this.pageSize;
            t.rssAnon = t.rssFile = t.rssShmem = t.swap = 0;
            if (withNspid)
                t.nspid = Object.freeze([t.pid]);
            return true;
        }
        scanStatus(scratch, n, status);
        this.userOf(t, status.uid);
        t.rss = status.rss;
        t.rssAnon = status.rssAnon;
        t.rssFile = status.rssFile;
        t.rssShmem = status.rssShmem;
        t.swap = status.swap;
        if (withNspid) {
            const chain = status.nspidAt < 0 ? [] : nspidAt(scratch, n, status.nspidAt);
            t.nspid = Object.freeze(chain.length > 0 ? chain : [t.pid]);
        }
        return true;
    }
    /**
     * A process not in the table (or whose PID was reused): every file read
     * fresh; fds kept when `keep` and within the budget. Null when it does not
     * exist, vanished, or has no readable stat (no identity to act on).
     */
    readNew(pid, keep, now) {
        const dir = `${this.proc}/${pid}`;
        let statFd = -1;
        keep = keep && this.keptFds + 2 <= this.fdBudget;
        if (keep) {
            statFd = openFd(`${dir}/stat`);
            if (statFd === GONE)
                return null;
            // EMFILE or the like: read this one by path rather than lose it
            if (statFd < 0)
                keep = false;
        }
        const n = statFd >= 0 ? readFd(statFd) : readPath(`${dir}/stat`);
        if (n < 0 || !scanStat(scratch, n, stat)) {
            if (statFd >= 0)
                closeFd(statFd);
            return null;
        }
        const t = new Tracked(pid, dir, stat.startTime, (stat.flags & PF_KTHREAD) !== 0);
        if (statFd >= 0)
            t.statFd = statFd;
        t.setComm(stat.commStart, stat.commEnd);
        if (t.kernelThread) {
            // Kernel threads own no user memory, cannot be OOM-killed and live in
            // the root cgroup: stat alone (most of the PIDs on many hosts).
            t.cgroup = '/';
            t.nspid = Object.freeze([pid]);
            this.userOf(t, 0);
            return t;
        }
        if (keep) {
            const fd = openFd(`${dir}/status`);
            if (fd === GONE) {
                t.close();
                return null;
            }
            if (fd >= 0)
                t.statusFd = fd; // unreadable: each read by path defaults the fields
            this.keepSlowFds(t);
        }
        if (!this.readStatus(t, true) || !this.refreshSlow(t, now)) {
            t.close();
            return null;
        }
        return t;
    }
    reading(t) {
        return {
            pid: t.pid,
            ppid: stat.ppid,
            pgid: stat.pgid,
            sid: stat.sid,
            comm: t.comm,
            cmdline: t.cmdline,
            state: stat.state,
            uid: t.uid,
            user: t.user,
            startTime: t.startTime,
            rss: t.rss,
            rssAnon: t.rssAnon,
            rssFile: t.rssFile,
            rssShmem: t.rssShmem,
            swap: t.swap,
            oomScore: t.oomScore,
            oomScoreAdj: t.oomScoreAdj,
            cgroup: t.cgroup,
            kernelThread: t.kernelThread,
            nspid: t.nspid,
            containerId: t.identity.containerId,
            podUid: t.identity.podUid,
        };
    }
    /** One process read fresh, no kept fds or cache (e.g. right before a kill); null when it does not exist or vanished. */
    read(pid) {
        if (!Number.isInteger(pid) || pid <= 0)
            return null;
        const t = this.readNew(pid, false, this.now());
        return t === null ? null : this.reading(t);
    }
    forget(t) {
        this.keptFds -= t.fds;
        t.close();
        if (this.table.get(t.pid) === t)
            this.table.delete(t.pid);
    }
    track(pid, now) {
        const t = this.readNew(pid, true, now);
        if (t === null)
            return null;
        t.seen = this.scans;
        this.table.set(pid, t);
        this.keptFds += t.fds;
        return this.reading(t);
    }
    /**
     * The scan's read of one known PID. stat every time. status when stat's
     * resident pages changed, when swap may be in use, or with the slow files:
     * with no swap, rss + swap (what ranking uses) is stat's rss, and a
     * process whose rss did not move has, to within an exact trade between
     * anon and file pages, the same split. The slow files when due or after
     * an exec.
     */
    scanOne(pid, now) {
        const t = this.table.get(pid);
        if (t === undefined)
            return this.track(pid, now);
        t.seen = this.scans;
        const n = t.statFd >= 0 ? readFd(t.statFd) : readPath(`${t.dir}/stat`);
        if (n === GONE) {
            // The tracked process exited; the number may already name a new one.
            this.forget(t);
            return this.track(pid, now);
        }
        if (n < 0 || !scanStat(scratch, n, stat)) {
            this.forget(t);
            return null;
        }
        if (stat.startTime !== t.startTime) {
            // Read by path and the PID was reused: nothing cached may carry over.
            this.forget(t);
            return this.track(pid, now);
        }
        // A new comm means an exec (or PR_SET_NAME): argv, and often adj and cgroup, changed with it.
        const execed = t.setComm(stat.commStart, stat.commEnd);
        if (t.kernelThread)
            return this.reading(t);
        const slowDue = execed || now >= t.due;
        if ((slowDue || this.swapPossible || stat.rssPages !== t.statusRssPages) && !this.readStatus(t, false)) {
            this.forget(t);
            return null;
        }
        if (slowDue && !this.refreshSlow(t, now)) {
            this.forget(t);
            return null;
        }
        return this.reading(t);
    }
    /** PIDs (thread-group leaders) currently listed in <proc>. */
    pids() {
        const out = [];
        for (const name of readdirSync(this.proc)) {
            const pid = pidOf(name);
            if (pid > 0)
                out.push(pid);
        }
        return out;
    }
    /** Every process; those vanishing mid-scan are dropped, unreadable files give defaults. */
    scan() {
        this.users.refresh();
        // The container memo only needs the paths seen recently; rebuild it when it grows.
        if (this.containers.size > 4096)
            this.containers = new Map();
        // With swap configured, swap can grow while rss stays put (a process
        // pushed out as fast as it faults in): then status is read every scan.
        // Unknown (no meminfo, as in fixtures) counts as possible.
        const swapKb = swapTotalKb(readTextOrNull(`${this.proc}/meminfo`));
        this.swapPossible = swapKb === null || swapKb > 0;
        const now = this.now();
        this.scans++;
        const out = [];
        for (const name of readdirSync(this.proc)) {
            const pid = pidOf(name);
            if (pid <= 0)
                continue;
            const p = this.scanOne(pid, now);
            if (p !== null)
                out.push(p);
        }
        for (const t of this.table.values())
            if (t.seen !== this.scans)
                this.forget(t);
        return out;
    }
    /** Number of fds scan() currently keeps open. */
    get openFds() {
        return this.keptFds;
    }
    /** Processes whose files scan() has cached. */
    get tracked() {
        return this.table.size;
    }
    close() {
        for (const t of this.table.values())
            t.close();
        this.table.clear();
        this.keptFds = 0;
    }
}
/** A /proc entry name as a PID; 0 when it is not all digits. */
function pidOf(name) {
    let n = 0;
    for (let i = 0; i < name.length; i++) {
        const d = name.charCodeAt(i) - 48;
        if (d < 0 || d > 9)
            return 0;
        n = n * 10 + d;
    }
    return n;
}
