import { existsSync } from 'node:fs';
import { readTextOrNull } from './fsread.js';
// /proc/mounts escapes space, tab, newline and backslash as \ooo.
function unescapeMount(s) {
    return s.replace(/\\([0-7]{3})/g, (_m, oct) => String.fromCharCode(parseInt(oct, 8)));
}
/** Parses /proc/self/mounts (or /proc/mounts) for cgroup and cgroup2 mounts. */
export function parseCgroupMounts(text) {
    const out = [];
    for (const line of text.split('\n')) {
        const f = line.split(' ');
        if (f.length < 4)
            continue;
        const type = f[2];
        if (type !== 'cgroup' && type !== 'cgroup2')
            continue;
        out.push({ type, mountPoint: unescapeMount(f[1]), options: f[3].split(',') });
    }
    return out;
}
/** Mount points are host paths; under a fixture root "/sys/..." moves below roots.sys. */
function rebase(mountPoint, roots) {
    if (mountPoint === '/sys' || mountPoint.startsWith('/sys/'))
        return roots.sys + mountPoint.slice(4);
    return mountPoint;
}
function v2HasMemory(root) {
    const controllers = readTextOrNull(`${root}/cgroup.controllers`);
    return controllers !== null && controllers.trim().split(/\s+/).includes('memory');
}
/** Picks the memory hierarchy: a v1 mount with the memory option wins (hybrid hosts), else cgroup2 if it has the controller. */
export function layoutFromMounts(mounts, roots) {
    const v1 = mounts.find((m) => m.type === 'cgroup' && m.options.includes('memory'));
    const v2 = mounts.find((m) => m.type === 'cgroup2');
    const unifiedRoot = v2 ? rebase(v2.mountPoint, roots) : null;
    if (v1)
        return { memoryVersion: 1, memoryRoot: rebase(v1.mountPoint, roots), unifiedRoot };
    if (unifiedRoot && v2HasMemory(unifiedRoot))
        return { memoryVersion: 2, memoryRoot: unifiedRoot, unifiedRoot };
    return { memoryVersion: null, memoryRoot: null, unifiedRoot };
}
/** Discovers the layout from <proc>/self/mounts, <proc>/mounts, then the conventional /sys/fs/cgroup paths. */
export function discoverCgroupLayout(roots) {
    const text = readTextOrNull(`${roots.proc}/self/mounts`) ?? readTextOrNull(`${roots.proc}/mounts`);
    if (text !== null) {
        const mounts = parseCgroupMounts(text);
        if (mounts.length > 0)
            return layoutFromMounts(mounts, roots);
    }
    const base = `${roots.sys}/fs/cgroup`;
    const guessed = [];
    if (existsSync(`${base}/memory/memory.usage_in_bytes`)) {
        guessed.push({ type: 'cgroup', mountPoint: `${base}/memory`, options: ['memory'] });
    }
    if (existsSync(`${base}/unified/cgroup.controllers`)) {
        guessed.push({ type: 'cgroup2', mountPoint: `${base}/unified`, options: [] });
    }
    else if (existsSync(`${base}/cgroup.controllers`)) {
        guessed.push({ type: 'cgroup2', mountPoint: base, options: [] });
    }
    return layoutFromMounts(guessed, { proc: roots.proc, sys: '/sys' });
}
/**
 * Directory of a cgroup path as written in /proc/PID/cgroup, below a
 * hierarchy root; null for paths that try to leave the hierarchy.
 */
export function cgroupDirectory(hierarchyRoot, path) {
    if (!path.startsWith('/'))
        return null;
    const parts = path.split('/').filter((p) => p !== '');
    if (parts.some((p) => p === '..' || p === '.'))
        return null;
    return parts.length === 0 ? hierarchyRoot : `${hierarchyRoot}/${parts.join('/')}`;
}
