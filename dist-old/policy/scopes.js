// Which memory cgroups are policy scopes. A cgroup entry in the config names
// cgroups by path regex and/or pod name/namespace; each matching cgroup
// becomes a scope root whose limit oomtop defends, and every process at or
// below the root belongs to that scope.
import { compileRegex, regexFinds } from './regex.js';
// Patterns come from the config, so this stays small; cleared if a long TUI
// editing session ever fills it.
const cache = new Map();
function re(pattern) {
    let r = cache.get(pattern);
    if (!r) {
        const result = compileRegex(pattern);
        if ('problem' in result)
            throw new Error(`cgroup match /${pattern}/: ${result.problem.message}`);
        if (cache.size >= 256)
            cache.clear();
        r = result.re;
        cache.set(pattern, r);
    }
    return r;
}
/** Every given field must match; pod and namespace never match outside a pod. */
export function cgroupMatches(match, path, pod) {
    if (match.path !== undefined && !regexFinds(re(match.path), path))
        return false;
    if (match.pod !== undefined) {
        if (!pod)
            return false;
        if (!regexFinds(re(match.pod), pod.name ? pod.name : pod.uid))
            return false;
    }
    if (match.namespace !== undefined) {
        if (!pod?.namespace)
            return false;
        if (!regexFinds(re(match.namespace), pod.namespace))
            return false;
    }
    return match.path !== undefined || match.pod !== undefined || match.namespace !== undefined;
}
function depth(path) {
    return path === '/' ? 0 : path.split('/').length - 1;
}
function ancestors(path) {
    const out = [];
    let p = path;
    while (p !== '/' && p !== '') {
        const cut = p.lastIndexOf('/');
        p = cut <= 0 ? '/' : p.slice(0, cut);
        out.push(p);
    }
    return out;
}
/**
 * Maps each cgroup path that is a scope root to its config.cgroups index.
 * The first matching entry wins a path. A path is not a root of its own when
 * one of its listed ancestors is also matched by that entry: the topmost
 * match is the scope (a pod's cgroup, not each of its container cgroups),
 * and the descendants' processes belong to it. Different entries may nest.
 */
export function resolveCgroupScopes(config, cgroupPaths, podOf) {
    const listed = new Set(cgroupPaths);
    const pods = new Map();
    const podAt = (p) => {
        if (!pods.has(p))
            pods.set(p, podOf(p));
        return pods.get(p) ?? null;
    };
    const matches = (i, p) => cgroupMatches(config.cgroups[i].match, p, podAt(p));
    const out = new Map();
    for (const path of [...listed].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))) {
        const i = config.cgroups.findIndex((_, n) => matches(n, path));
        if (i < 0)
            continue;
        if (ancestors(path).some((a) => listed.has(a) && matches(i, a)))
            continue;
        out.set(path, i);
    }
    return out;
}
/** True when a process in cgroup `procPath` belongs to the scope rooted at `scopePath`. */
export function scopeContains(scopePath, procPath) {
    const root = scopePath.length > 1 && scopePath.endsWith('/') ? scopePath.slice(0, -1) : scopePath;
    if (root === '/')
        return true;
    return procPath === root || procPath.startsWith(`${root}/`);
}
/** The scope roots that contain a process's cgroup, outermost first. */
export function scopeRootsOf(scopes, procPath) {
    return [...scopes.keys()].filter((root) => scopeContains(root, procPath)).sort((a, b) => depth(a) - depth(b));
}
