const NONE = { containerId: null, runtime: null, podUid: null, qos: null };
const UID = /^[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}$/;
// Container ids are 64 hex digits for docker/containerd/cri-o.
const ID = /^[0-9a-f]{64}$/;
function qosOf(s) {
    return s === 'burstable' || s === 'besteffort' || s === 'guaranteed' ? s : null;
}
function podUid(s) {
    return UID.test(s) ? s.replace(/_/g, '-') : null;
}
const SCOPE_RUNTIME = { 'cri-containerd': 'containerd', crio: 'crio', docker: 'docker' };
/** "<runtime>-<id>.scope" -> runtime and id. */
function parseScope(seg) {
    if (!seg.endsWith('.scope'))
        return null;
    const body = seg.slice(0, -'.scope'.length);
    const dash = body.lastIndexOf('-');
    if (dash < 0)
        return null;
    const runtime = SCOPE_RUNTIME[body.slice(0, dash)];
    const id = body.slice(dash + 1);
    return runtime && ID.test(id) ? { runtime, id } : null;
}
/** cgroupfs driver: /kubepods[/<qos>]/pod<uid>[/<container-id>] */
function fromCgroupfs(parts, at) {
    let i = at + 1;
    let qos = qosOf(parts[i]);
    if (qos)
        i++;
    const pod = parts[i];
    if (!pod?.startsWith('pod'))
        return null;
    const uid = podUid(pod.slice(3));
    if (!uid)
        return null;
    qos ??= 'guaranteed'; // guaranteed pods sit directly under /kubepods
    const leaf = parts[i + 1];
    // cgroupfs leaves carry the bare id; some runtimes still name them like systemd scopes.
    const scope = leaf ? parseScope(leaf) : null;
    const containerId = scope?.id ?? (leaf && ID.test(leaf) ? leaf : null);
    return { containerId, runtime: scope?.runtime ?? null, podUid: uid, qos };
}
/** systemd driver: /kubepods.slice/kubepods-<qos>.slice/kubepods-<qos>-pod<uid_>.slice/<runtime>-<id>.scope */
function fromSystemd(parts, at) {
    let qos = null;
    let uid = null;
    let i = at + 1;
    for (; i < parts.length; i++) {
        const seg = parts[i];
        if (!seg.endsWith('.slice'))
            break;
        const m = /^kubepods(?:-(burstable|besteffort))?-pod(.+)\.slice$/.exec(seg);
        if (m) {
            qos = qosOf(m[1]) ?? 'guaranteed';
            uid = podUid(m[2]);
        }
        else {
            const q = /^kubepods-(burstable|besteffort)\.slice$/.exec(seg);
            if (q)
                qos = qosOf(q[1]);
        }
    }
    if (!uid)
        return null;
    const scope = parts[i] ? parseScope(parts[i]) : null;
    return { containerId: scope?.id ?? null, runtime: scope?.runtime ?? null, podUid: uid, qos };
}
/**
 * Container identity from a cgroup path as in /proc/PID/cgroup: Kubernetes
 * pods (cgroupfs and systemd drivers), plain docker (/docker/<id>,
 * /system.slice/docker-<id>.scope) and containerd/cri-o scopes. Paths that
 * name no container give all-null fields; pod-level groups give a podUid
 * without a containerId.
 */
export function parseContainerIdentity(path) {
    const parts = path.split('/').filter((p) => p !== '');
    for (let i = 0; i < parts.length; i++) {
        const seg = parts[i];
        if (seg === 'kubepods')
            return fromCgroupfs(parts, i) ?? NONE;
        if (seg === 'kubepods.slice')
            return fromSystemd(parts, i) ?? NONE;
    }
    const last = parts[parts.length - 1];
    if (last === undefined)
        return NONE;
    const prev = parts[parts.length - 2];
    if (prev === 'docker' && ID.test(last))
        return { containerId: last, runtime: 'docker', podUid: null, qos: null };
    const scope = parseScope(last);
    if (scope)
        return { containerId: scope.id, runtime: scope.runtime, podUid: null, qos: null };
    return NONE;
}
