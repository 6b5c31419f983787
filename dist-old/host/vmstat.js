import { readText } from './fsread.js';
const KEYS = {
    pgscan_kswapd: 'pgscanKswapd',
    pgscan_direct: 'pgscanDirect',
    pgsteal_kswapd: 'pgstealKswapd',
    pgsteal_direct: 'pgstealDirect',
    pgmajfault: 'pgmajfault',
    workingset_refault_file: 'workingsetRefaultFile',
    workingset_refault_anon: 'workingsetRefaultAnon',
    oom_kill: 'oomKill',
};
export function emptyVmStat() {
    return {
        pgscanKswapd: 0,
        pgscanDirect: 0,
        pgstealKswapd: 0,
        pgstealDirect: 0,
        allocstall: 0,
        pgmajfault: 0,
        workingsetRefaultFile: 0,
        workingsetRefaultAnon: 0,
        oomKill: 0,
    };
}
/**
 * Parses /proc/vmstat. allocstall is the sum of the per-zone allocstall_*
 * counters (one per zone type since 4.x). Kernels before 4.8 split pgscan and
 * pgsteal per zone (pgscan_kswapd_normal, ...): those are summed into the
 * same fields; kernels before 5.9 have plain "workingset_refault" (file only).
 */
export function parseVmstat(text) {
    const v = emptyVmStat();
    for (const line of text.split('\n')) {
        const space = line.indexOf(' ');
        if (space < 0)
            continue;
        const key = line.slice(0, space);
        const value = Number(line.slice(space + 1));
        if (!Number.isFinite(value))
            continue;
        const field = KEYS[key];
        if (field !== undefined) {
            v[field] = value;
        }
        else if (key.startsWith('allocstall')) {
            v.allocstall += value;
        }
        else if (key === 'workingset_refault') {
            v.workingsetRefaultFile = value;
        }
        else if (key.startsWith('pgscan_kswapd_')) {
            v.pgscanKswapd += value;
        }
        else if (key.startsWith('pgscan_direct_') && key !== 'pgscan_direct_throttle') {
            v.pgscanDirect += value;
        }
        else if (key.startsWith('pgsteal_kswapd_')) {
            v.pgstealKswapd += value;
        }
        else if (key.startsWith('pgsteal_direct_')) {
            v.pgstealDirect += value;
        }
    }
    return v;
}
export function readVmstat(roots) {
    return parseVmstat(readText(`${roots.proc}/vmstat`));
}
