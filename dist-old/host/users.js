import { statSync } from 'node:fs';
import { readTextOrNull } from './fsread.js';
/** uid -> name from passwd text; later duplicates do not override the first (as getpwuid). */
export function parsePasswd(text) {
    const out = new Map();
    for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#'))
            continue;
        const f = line.split(':');
        if (f.length < 3)
            continue;
        const uid = Number(f[2]);
        if (Number.isInteger(uid) && !out.has(uid))
            out.set(uid, f[0]);
    }
    return out;
}
/**
 * Cached uid -> user name from <etc>/passwd. refresh() re-parses only when
 * the file's mtime changed, so a scan costs one stat. Unknown uids (NSS
 * users, container uids) show as the number.
 */
export class UserNames {
    names = new Map();
    mtimeMs = -1;
    generation = 0;
    path;
    constructor(etc = '/etc') {
        this.path = `${etc}/passwd`;
        this.refresh();
    }
    refresh() {
        let mtimeMs;
        try {
            mtimeMs = statSync(this.path).mtimeMs;
        }
        catch {
            if (this.mtimeMs !== -1 || this.names.size > 0)
                this.generation++;
            this.names = new Map();
            this.mtimeMs = -1;
            return;
        }
        if (mtimeMs === this.mtimeMs)
            return;
        this.mtimeMs = mtimeMs;
        this.names = parsePasswd(readTextOrNull(this.path, 'utf8') ?? '');
        this.generation++;
    }
    /** Changes whenever the uid -> name map may have changed, so callers can keep names they looked up. */
    get version() {
        return this.generation;
    }
    name(uid) {
        return this.names.get(uid) ?? String(uid);
    }
}
