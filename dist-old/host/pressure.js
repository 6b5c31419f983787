import { readTextOrNull } from './fsread.js';
function parseLine(line) {
    const out = { avg10: 0, avg60: 0, avg300: 0, total: 0 };
    let seen = 0;
    for (const part of line.split(' ')) {
        const eq = part.indexOf('=');
        if (eq < 0)
            continue;
        const key = part.slice(0, eq);
        const value = Number(part.slice(eq + 1));
        if (!Number.isFinite(value))
            continue;
        if (key === 'avg10' || key === 'avg60' || key === 'avg300' || key === 'total') {
            out[key] = value;
            seen++;
        }
    }
    return seen > 0 ? out : null;
}
/** Parses a PSI file ("some ..." and optionally "full ..."); null if no "some" line. */
export function parsePressure(text) {
    let some = null;
    let full = null;
    for (const line of text.split('\n')) {
        if (line.startsWith('some '))
            some = parseLine(line);
        else if (line.startsWith('full '))
            full = parseLine(line);
    }
    return some ? { some, full } : null;
}
/** /proc/pressure/<resource>; null when the kernel has no PSI (absent or EOPNOTSUPP with psi=0). */
export function readPressure(roots, resource) {
    const text = readTextOrNull(`${roots.proc}/pressure/${resource}`);
    return text === null ? null : parsePressure(text);
}
