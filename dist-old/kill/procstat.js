// The few /proc/PID/stat fields the killer needs, read fresh right before and
// during a kill. Kept here rather than borrowed from src/host so the one module
// that sends signals depends on nothing that might change under it.
import { readFileSync, readdirSync } from 'node:fs';
/**
 * Parses /proc/PID/stat. comm may hold spaces and ')' itself, so the fields are
 * counted after the LAST ')': state is field 3, pgrp 5, starttime 22.
 */
export function parseStatIdentity(text) {
    const close = text.lastIndexOf(')');
    if (close < 0)
        return null;
    const fields = text.slice(close + 2).trim().split(' ');
    // fields[0] is field 3 (state), so field N is fields[N - 3].
    const startTime = Number(fields[22 - 3]);
    const pgid = Number(fields[5 - 3]);
    if (!Number.isFinite(startTime) || !Number.isFinite(pgid))
        return null;
    return { startTime, state: fields[0], pgid };
}
export function readStatIdentity(procRoot, pid) {
    try {
        return parseStatIdentity(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'));
    }
    catch {
        return null; // ENOENT/ESRCH: the process is gone
    }
}
/** Every process whose process group is `pgid`, with the identity seen while listing. */
export function listGroupMembers(procRoot, pgid) {
    let names;
    try {
        names = readdirSync(procRoot);
    }
    catch {
        return [];
    }
    const members = [];
    for (const name of names) {
        if (!/^\d+$/.test(name))
            continue;
        const pid = Number(name);
        const id = readStatIdentity(procRoot, pid);
        if (id && id.pgid === pgid && id.state !== 'Z' && id.state !== 'X')
            members.push({ pid, startTime: id.startTime });
    }
    return members;
}
