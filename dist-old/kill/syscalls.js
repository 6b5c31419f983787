// libc bindings the killer needs, through koffi: pidfds (so a PID recycled after
// we looked at it cannot be hit), process_mrelease (so a victim's memory returns
// before its exit path finishes). Every call reports failure as a value; nothing
// here throws.
import { createRequire } from 'node:module';
import { closeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
/** Syscall numbers of the generic table (x86_64 and arm64 share these three). */
const SYSCALL_NUMBERS = {
    x64: { pidfdOpen: 434, pidfdSendSignal: 424, processMrelease: 448 },
    arm64: { pidfdOpen: 434, pidfdSendSignal: 424, processMrelease: 448 },
};
const POLLIN = 0x1;
const errnoNames = new Map(Object.entries(osConstants.errno).map(([name, num]) => [num, name]));
export function errnoCode(errno) {
    return errnoNames.get(errno) ?? `errno ${errno}`;
}
let bound;
let loadError = null;
function bind() {
    if (bound !== undefined)
        return bound;
    try {
        const koffi = createRequire(import.meta.url)('koffi');
        const libc = koffi.load('libc.so.6');
        bound = {
            koffi,
            // Variadic declaration: each extra argument is passed as (type, value), so
            // the ABI is the one libc's syscall(2) expects on every architecture.
            syscall: libc.func('long syscall(long number, ...)'),
            poll: libc.func('int poll(void *fds, unsigned long nfds, int timeout)'),
            numbers: SYSCALL_NUMBERS[process.arch] ?? null,
        };
        if (!bound.numbers)
            loadError = `pidfd syscalls: no syscall numbers for arch ${process.arch}`;
    }
    catch (err) {
        loadError = `koffi/libc unavailable: ${err.message}`;
        bound = null;
    }
    return bound;
}
function result(b, ret) {
    const value = Number(ret);
    if (value === -1) {
        const errno = b.koffi.errno();
        return { ok: false, errno, code: errnoCode(errno) };
    }
    return { ok: true, value };
}
const UNAVAILABLE = { ok: false, errno: osConstants.errno.ENOSYS, code: 'ENOSYS' };
/** True when pidfd_open/pidfd_send_signal/process_mrelease can be called (the kernel may still say ENOSYS). */
export function pidfdSupported() {
    const b = bind();
    return !!b && !!b.numbers;
}
/** Why pidfds are not used ("koffi/libc unavailable: ...", "no syscall numbers for arch ..."), or null. */
export function pidfdUnavailableReason() {
    bind();
    return loadError;
}
export function pidfdOpen(pid) {
    const b = bind();
    if (!b || !b.numbers)
        return UNAVAILABLE;
    return result(b, b.syscall(b.numbers.pidfdOpen, 'int', pid, 'uint', 0));
}
export function pidfdSendSignal(fd, signal) {
    const b = bind();
    if (!b || !b.numbers)
        return UNAVAILABLE;
    return result(b, b.syscall(b.numbers.pidfdSendSignal, 'int', fd, 'int', signal, 'void *', null, 'uint', 0));
}
/** EINVAL on a task that is not dying, ESRCH once it is gone: both are normal outcomes. */
export function processMrelease(fd) {
    const b = bind();
    if (!b || !b.numbers)
        return UNAVAILABLE;
    return result(b, b.syscall(b.numbers.processMrelease, 'int', fd, 'uint', 0));
}
/**
 * Non-blocking check whether the process behind a pidfd has exited (the pidfd
 * polls readable once the whole thread group is gone or a zombie). null when
 * poll itself failed, so the caller falls back to /proc.
 */
export function pidfdExited(fd) {
    const b = bind();
    if (!b)
        return null;
    // struct pollfd { int fd; short events; short revents; }
    const pfd = Buffer.alloc(8);
    pfd.writeInt32LE(fd, 0);
    pfd.writeInt16LE(POLLIN, 4);
    const ret = Number(b.poll(pfd, 1, 0));
    if (ret < 0)
        return null;
    return (pfd.readInt16LE(6) & POLLIN) !== 0;
}
export function closeFd(fd) {
    try {
        closeSync(fd);
    }
    catch {
        // already closed: nothing to release
    }
}
