// File reading tuned for procfs/cgroupfs: these files report size 0, are
// regenerated on every read, and are read thousands of times per second.
// readFileSync pays an fstat, a fresh Buffer and a close per call; here one
// scratch Buffer is reused and the caller decides whether to keep the fd.
import { closeSync, openSync, readSync } from 'node:fs';
let scratch = Buffer.allocUnsafe(64 * 1024);
/** Errors meaning "the process or cgroup is gone", as opposed to "unreadable". */
export function isVanished(err) {
    const code = err?.code;
    return code === 'ENOENT' || code === 'ESRCH' || code === 'ENODEV' || code === 'ENOTDIR';
}
/** Reads the whole of fd from position 0 as latin1 (procfs text is ASCII, except untrusted names). */
export function readFdText(fd, encoding = 'latin1') {
    let len = 0;
    for (;;) {
        if (len === scratch.length) {
            const bigger = Buffer.allocUnsafe(scratch.length * 2);
            scratch.copy(bigger, 0, 0, len);
            scratch = bigger;
        }
        const want = scratch.length - len;
        const n = readSync(fd, scratch, len, want, len);
        len += n;
        // A short read is the end: seq_file-backed proc and cgroup files fill the
        // buffer until their content ends, so this saves the second read(2) that
        // would return 0 (syscalls cost 3-15 us each on the measured host).
        if (n < want)
            break;
    }
    return scratch.toString(encoding, 0, len);
}
/** open + read + close without fstat or a new Buffer. Throws like fs does. */
export function readText(path, encoding = 'latin1') {
    const fd = openSync(path, 'r');
    try {
        return readFdText(fd, encoding);
    }
    finally {
        closeSync(fd);
    }
}
/** Like readText but null when the file is absent or unreadable. */
export function readTextOrNull(path, encoding = 'latin1') {
    try {
        return readText(path, encoding);
    }
    catch {
        return null;
    }
}
/**
 * A file kept open and re-read from position 0 each time: seq_file-backed
 * proc and cgroup files regenerate their content on a read at offset 0, so
 * the data is fresh while open/close are paid once.
 */
export class OpenFile {
    path;
    fd = null;
    constructor(path) {
        this.path = path;
    }
    /** Fresh content; throws when the file cannot be opened or read. */
    read(encoding = 'latin1') {
        if (this.fd === null)
            this.fd = openSync(this.path, 'r');
        try {
            return readFdText(this.fd, encoding);
        }
        catch (err) {
            // A removed cgroup leaves a dead fd (ENODEV); reopen next time in case the path came back.
            this.close();
            throw err;
        }
    }
    /** Fresh content, or null when absent/unreadable. */
    readOrNull(encoding = 'latin1') {
        try {
            return this.read(encoding);
        }
        catch {
            return null;
        }
    }
    close() {
        if (this.fd !== null) {
            try {
                closeSync(this.fd);
            }
            catch {
                // already invalid: nothing to release
            }
            this.fd = null;
        }
    }
}
