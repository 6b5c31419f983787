// Pod names from kubelet's log directory.
//
// A memory cgroup path gives only a pod UID (see container.ts). kubelet keeps
// /var/log/pods/<namespace>_<pod-name>_<uid>/<container-name>/ on every node,
// so the directory names map UID -> namespace/name without talking to the API
// server. Namespace and pod names are DNS labels/subdomains and cannot contain
// '_', so the split is unambiguous. UIDs are usually dashed UUIDs; static
// (mirror) pods use a 32-hex hash.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
const DEFAULT_MIN_INTERVAL_MS = 5000;
/** "<namespace>_<pod-name>_<uid>" -> parts, or null for anything else kubelet did not write. */
export function parsePodLogDir(dirName) {
    const parts = dirName.split('_');
    if (parts.length !== 3)
        return null;
    const [namespace, name, uid] = parts;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(namespace))
        return null;
    if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name))
        return null;
    if (!/^[0-9a-fA-F][0-9a-fA-F-]*$/.test(uid))
        return null;
    return { namespace, name, uid };
}
/**
 * The systemd cgroup driver writes the UID with '_' for '-'; compare in one
 * spelling.
 */
export function normalizePodUid(uid) {
    return uid.toLowerCase().replace(/_/g, '-');
}
export class PodDirectory {
    root;
    pods = new Map();
    listedAt = null;
    minIntervalMs;
    now;
    /** Why the last listing failed (other than a missing root), for diagnostics. */
    lastError = null;
    constructor(root = '/var/log/pods', opts = {}) {
        this.root = root;
        this.minIntervalMs = opts.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
        this.now = opts.now ?? (() => performance.now());
    }
    /** The pod with this UID; an unknown UID triggers a (rate-limited) re-listing, since new pods appear all the time. */
    lookup(uid) {
        const key = normalizePodUid(uid);
        const hit = this.pods.get(key);
        if (hit)
            return hit;
        this.refresh();
        return this.pods.get(key) ?? null;
    }
    /** Every pod known from the last listing. */
    list() {
        return [...this.pods.values()];
    }
    /** Re-lists the root unless it was listed less than minIntervalMs ago (force skips that). A missing root is normal: no pods. */
    refresh(force = false) {
        const now = this.now();
        if (!force && this.listedAt !== null && now - this.listedAt < this.minIntervalMs)
            return;
        this.listedAt = now;
        const pods = new Map();
        let entries;
        try {
            entries = readdirSync(this.root);
            this.lastError = null;
        }
        catch (err) {
            const code = err.code;
            this.lastError = code === 'ENOENT' ? null : `${this.root}: ${err.message}`;
            this.pods = pods;
            return;
        }
        for (const entry of entries) {
            const parsed = parsePodLogDir(entry);
            if (!parsed)
                continue;
            pods.set(normalizePodUid(parsed.uid), { ...parsed, containers: this.containersOf(entry) });
        }
        this.pods = pods;
    }
    containersOf(podDir) {
        try {
            return readdirSync(join(this.root, podDir), { withFileTypes: true })
                .filter((d) => d.isDirectory())
                .map((d) => d.name)
                .sort();
        }
        catch {
            return []; // removed between the two reads
        }
    }
}
