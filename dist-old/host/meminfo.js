import { readText } from './fsread.js';
// /proc/meminfo key -> MemInfo field. Values are in kB ("kB" is KiB).
const KEYS = {
    MemTotal: 'memTotal',
    MemFree: 'memFree',
    MemAvailable: 'memAvailable',
    Buffers: 'buffers',
    Cached: 'cached',
    'Active(anon)': 'activeAnon',
    'Inactive(anon)': 'inactiveAnon',
    'Active(file)': 'activeFile',
    'Inactive(file)': 'inactiveFile',
    Unevictable: 'unevictable',
    Mlocked: 'mlocked',
    AnonPages: 'anonPages',
    Mapped: 'mapped',
    Shmem: 'shmem',
    SReclaimable: 'sReclaimable',
    SUnreclaim: 'sUnreclaim',
    KernelStack: 'kernelStack',
    PageTables: 'pageTables',
    SwapTotal: 'swapTotal',
    SwapFree: 'swapFree',
    Dirty: 'dirty',
    Writeback: 'writeback',
};
export function emptyMemInfo() {
    const m = {};
    for (const field of Object.values(KEYS))
        m[field] = 0;
    return m;
}
/** Parses /proc/meminfo into bytes. Missing keys stay 0. */
export function parseMeminfo(text) {
    const m = emptyMemInfo();
    let hasAvailable = false;
    for (const line of text.split('\n')) {
        const colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const field = KEYS[line.slice(0, colon)];
        if (field === undefined)
            continue;
        const rest = line.slice(colon + 1).trim();
        const value = parseInt(rest, 10);
        if (!Number.isFinite(value))
            continue;
        m[field] = rest.endsWith('kB') ? value * 1024 : value;
        if (field === 'memAvailable')
            hasAvailable = true;
    }
    // Kernels before 3.14 lack MemAvailable; free + page cache is the classic stand-in.
    if (!hasAvailable)
        m.memAvailable = m.memFree + m.cached + m.buffers;
    return m;
}
export function readMeminfo(roots) {
    return parseMeminfo(readText(`${roots.proc}/meminfo`));
}
