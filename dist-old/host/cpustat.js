import { readText } from './fsread.js';
/**
 * Parses the aggregate "cpu " line of /proc/stat (jiffies). total sums
 * user..steal; guest and guest_nice are already included in user and nice.
 */
export function parseCpuStat(text) {
    const start = text.startsWith('cpu ') ? 0 : text.indexOf('\ncpu ') + 1;
    if (start < 0 || text.slice(start, start + 4) !== 'cpu ') {
        throw new Error('no aggregate cpu line in /proc/stat');
    }
    const end = text.indexOf('\n', start);
    const f = text
        .slice(start + 4, end < 0 ? undefined : end)
        .trim()
        .split(/\s+/)
        .map(Number);
    const at = (i) => (Number.isFinite(f[i]) ? f[i] : 0);
    const t = {
        user: at(0),
        nice: at(1),
        system: at(2),
        idle: at(3),
        iowait: at(4),
        irq: at(5),
        softirq: at(6),
        steal: at(7),
    };
    return { ...t, total: t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal };
}
export function readCpuStat(roots) {
    return parseCpuStat(readText(`${roots.proc}/stat`));
}
