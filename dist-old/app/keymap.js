// Keys -> command ids. Built from the commands' default keys; overrides
// (key -> id, or key -> null to unbind) are applied on top, so a remapping
// never needs the command table to change.
import { COMMANDS } from './commands.js';
export function buildKeymap(commands = COMMANDS, overrides = {}) {
    const map = new Map();
    for (const cmd of commands) {
        for (const key of cmd.keys) {
            if (map.has(key))
                throw new Error(`key "${key}" bound to both ${map.get(key)} and ${cmd.id}`);
            map.set(key, cmd.id);
        }
    }
    const ids = new Set(commands.map((c) => c.id));
    for (const [key, id] of Object.entries(overrides)) {
        if (id === null)
            map.delete(key);
        else if (!ids.has(id))
            throw new Error(`key "${key}": no command "${id}"`);
        else
            map.set(key, id);
    }
    return map;
}
/**
 * The command id for a key press as blessed reports it. Printable characters
 * are looked up by the character itself ("?", "+", "G"), so shifted symbols
 * work on any keyboard layout; named keys by blessed's full name ("f1", "S-tab").
 */
export function lookupKey(map, ch, full) {
    if (ch && ch.length === 1 && ch >= ' ' && ch !== '\x7f') {
        const byChar = map.get(ch === ' ' ? 'space' : ch);
        if (byChar)
            return byChar;
    }
    return map.get(full);
}
/** Keys bound to each command id, for help and the footer. */
export function keysOf(map, id) {
    return [...map].filter(([, v]) => v === id).map(([k]) => k);
}
/** "f1" -> "F1", "S-tab" -> "Shift-Tab", "C-c" -> "Ctrl-C". */
export function keyLabel(key) {
    if (/^f\d+$/.test(key))
        return key.toUpperCase();
    if (key.startsWith('S-'))
        return `Shift-${keyLabel(key.slice(2))}`;
    if (key.startsWith('C-'))
        return `Ctrl-${key.slice(2).toUpperCase()}`;
    const names = { tab: 'Tab', enter: 'Enter', escape: 'Esc', space: 'Space', up: 'Up', down: 'Down', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End' };
    return names[key] ?? key;
}
