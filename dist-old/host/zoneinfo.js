import { readText } from './fsread.js';
/**
 * Sums the min/low/high watermarks (in pages) of every zone of every node in
 * /proc/zoneinfo and converts them to bytes. The kernel's allocator compares
 * free pages against these per zone; the sum is the node-wide picture that
 * is compared with MemFree. Watermark lines look like "        min      68";
 * "pages free N" shares its line with "pages", so only lines whose first
 * token is exactly min/low/high count (per-node stat names never are).
 */
export function parseZoneinfo(text, pageSize) {
    let min = 0;
    let low = 0;
    let high = 0;
    for (const raw of text.split('\n')) {
        const line = raw.trimStart();
        const c = line.charCodeAt(0);
        // quick reject: only lines starting with 'm', 'l' or 'h'
        if (c !== 109 && c !== 108 && c !== 104)
            continue;
        const space = line.indexOf(' ');
        if (space < 0)
            continue;
        const key = line.slice(0, space);
        if (key !== 'min' && key !== 'low' && key !== 'high')
            continue;
        const value = parseInt(line.slice(space + 1).trim(), 10);
        if (!Number.isFinite(value))
            continue;
        if (key === 'min')
            min += value;
        else if (key === 'low')
            low += value;
        else
            high += value;
    }
    return { min: min * pageSize, low: low * pageSize, high: high * pageSize };
}
export function readZoneinfo(roots, pageSize) {
    return parseZoneinfo(readText(`${roots.proc}/zoneinfo`), pageSize);
}
