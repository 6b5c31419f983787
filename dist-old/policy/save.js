// Config edits go through the yaml Document API, never through a re-dump of
// the Config object, so the operator's comments, key order and quoting
// survive a change made from the TUI.
import { closeSync, fchmodSync, fchownSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isMap, isScalar, isSeq, YAMLSeq } from 'yaml';
import { loadConfig, parseConfig } from './load.js';
/** Key order used when writing a rule, matching the documented grammar. */
const RULE_KEYS = ['name', 'cmdline', 'user', 'cgroup', 'pod', 'namespace', 'pid', 'startTime', 'priority', 'grace'];
function scopePath(doc, scope) {
    if (scope === -1)
        return ['node'];
    if (!Number.isInteger(scope) || scope < 0)
        throw new RangeError(`bad scope reference ${scope}`);
    const entry = doc.getIn(['cgroups', scope], true);
    if (!isMap(entry))
        throw new RangeError(`no cgroup scope cgroups[${scope}] in the config`);
    return ['cgroups', scope];
}
/**
 * Sets the top-level mode, or a scope's override when `scope` is given;
 * `null` with a scope removes the override (the scope follows the top level).
 */
export function setMode(doc, mode, scope) {
    if (scope === undefined) {
        if (mode === null)
            throw new TypeError('the top-level mode cannot be removed');
        doc.setIn(['mode'], mode);
        return;
    }
    const path = [...scopePath(doc, scope), 'mode'];
    if (mode === null) {
        if (doc.hasIn(path))
            doc.deleteIn(path);
    }
    else {
        doc.setIn(path, mode);
    }
}
export function setLevel(doc, scope, level) {
    doc.setIn([...scopePath(doc, scope), 'level'], level);
}
/** Appends a rule to a scope's protect or prefer list; returns its index. */
export function addRule(doc, scope, list, rule) {
    const path = [...scopePath(doc, scope), list];
    const seq = doc.getIn(path, true);
    const node = doc.createNode(ruleObject(rule));
    if (isSeq(seq)) {
        // Match the neighbours' style: `- { name: x }` lines stay one-liners.
        const last = seq.items[seq.items.length - 1];
        if (isMap(last) && last.flow)
            node.flow = true;
        // `prefer: []` grows into a block list, which reads better with comments.
        if (seq.items.length === 0)
            seq.flow = false;
        seq.items.push(node);
        return seq.items.length - 1;
    }
    if (seq !== undefined && !(isScalar(seq) && seq.value === null))
        throw new TypeError(`${path.join('.')} is not a list`);
    const fresh = new YAMLSeq();
    fresh.items.push(node);
    doc.setIn(path, fresh);
    return 0;
}
/** Rewrites a rule in place: keys kept keep their comments and quoting. */
export function updateRule(doc, scope, list, index, rule) {
    const map = ruleNode(doc, scope, list, index);
    const obj = ruleObject(rule);
    for (const k of RULE_KEYS) {
        if (k in obj)
            map.set(k, obj[k]);
        else if (map.has(k))
            map.delete(k);
    }
}
export function removeRule(doc, scope, list, index) {
    ruleNode(doc, scope, list, index);
    const path = [...scopePath(doc, scope), list];
    const seq = doc.getIn(path, true);
    // The yaml package stores the comment lines right above the first "- "
    // on the list rather than on the item; they describe that item, so they go
    // with it (the list's own explanation sits above its key and stays).
    if (index === 0)
        delete seq.commentBefore;
    seq.delete(index);
}
function ruleNode(doc, scope, list, index) {
    const path = [...scopePath(doc, scope), list, index];
    const node = doc.getIn(path, true);
    if (!isMap(node))
        throw new RangeError(`no rule ${path.join('.')} in the config`);
    return node;
}
function ruleObject(rule) {
    const out = {};
    for (const k of RULE_KEYS) {
        const v = rule[k];
        if (v !== undefined)
            out[k] = v;
    }
    return out;
}
/**
 * Validates the document, then replaces the file atomically: a temporary file
 * in the same directory (same filesystem, so rename is atomic), fsynced, with
 * the original's mode and owner, renamed over it, then the directory fsynced
 * so the rename survives a crash. A symlinked config is written through to
 * its target. Never writes a config that would not load: throws ConfigError.
 */
export function writeConfigAtomic(path, doc) {
    const text = doc.toString();
    const { config } = parseConfig(text, path);
    let target = path;
    let mode = 0o644;
    let owner = null;
    try {
        target = realpathSync(path);
        const st = statSync(target);
        mode = st.mode & 0o7777;
        owner = { uid: st.uid, gid: st.gid };
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    const dir = dirname(target);
    const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = openSync(tmp, 'wx', mode);
    try {
        try {
            writeSync(fd, text);
            fchmodSync(fd, mode); // the umask may have narrowed openSync's mode
            if (owner) {
                try {
                    fchownSync(fd, owner.uid, owner.gid);
                }
                catch {
                    // Not root: the file keeps our ownership, as any editor would leave it.
                }
            }
            fsyncSync(fd);
        }
        finally {
            closeSync(fd);
        }
        renameSync(tmp, target);
    }
    catch (err) {
        try {
            unlinkSync(tmp);
        }
        catch {
            // already renamed or never created
        }
        throw err;
    }
    const dfd = openSync(dir, 'r');
    try {
        fsyncSync(dfd);
    }
    finally {
        closeSync(dfd);
    }
    return config;
}
/**
 * The config file's modification time in ms (0 when missing), so a watcher
 * can tell its own atomic write from an edit made by someone else.
 */
export function mtimeOf(path) {
    try {
        return statSync(path).mtimeMs;
    }
    catch {
        return 0;
    }
}
/** Load, edit, validate and write back in one step (what the engine's rule commands do). */
export function editConfigFile(path, edit) {
    const { doc } = loadConfig(path);
    edit(doc);
    return { config: writeConfigAtomic(path, doc), doc };
}
