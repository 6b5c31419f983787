// Themes are YAML files under themes/ (default, light, mono). Each names a
// style for every role the screen paints; styles become blessed tags. A theme
// that fails to load or validate falls back to "default" (then to the built-in
// monochrome set) with a message the screen shows, so a typo never leaves the
// operator without a monitor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
export const ROLES = [
    'title', // program name in the header
    'header', // header text
    'label', // field labels
    'armed', // mode badges: must be impossible to miss
    'dryRun',
    'monitor',
    'frozen',
    'ok', // probability bands
    'warn',
    'danger',
    'memUsed',
    'memCache',
    'memFree',
    'watermark',
    'graph',
    'tableHeader',
    'selected', // selected row in the focused pane
    'selectedInactive', // selected row in other panes
    'victim', // the next victim's row marker
    'ineligible', // rows that can never be killed (protected, PID 1, ...)
    'error', // config errors, failed actions
    'status', // action results
    'footerKey',
    'footerText',
    'dialog',
    'input',
];
const BASE_COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'grey', 'gray', 'default'];
const COLOR = new RegExp(`^(?:(?:light|bright)-)?(?:${BASE_COLORS.join('|')})$|^#[0-9a-fA-F]{6}$`);
const STYLE_KEYS = new Set(['fg', 'bg', 'bold', 'underline', 'inverse']);
/** The last resort when no theme file loads: attributes only, readable anywhere. */
export const BUILTIN_MONO = {
    title: { bold: true },
    header: {},
    label: {},
    armed: { inverse: true, bold: true },
    dryRun: { inverse: true },
    monitor: { underline: true },
    frozen: { inverse: true },
    ok: {},
    warn: { bold: true },
    danger: { inverse: true, bold: true },
    memUsed: { bold: true },
    memCache: {},
    memFree: {},
    watermark: { bold: true },
    graph: {},
    tableHeader: { inverse: true },
    selected: { inverse: true },
    selectedInactive: { underline: true },
    victim: { bold: true },
    ineligible: {},
    error: { inverse: true, bold: true },
    status: { bold: true },
    footerKey: { bold: true },
    footerText: { inverse: true },
    dialog: { bold: true },
    input: { underline: true },
};
export function makeTheme(name, styles) {
    const opens = new Map();
    const closes = new Map();
    for (const role of ROLES) {
        const s = styles[role];
        const tags = [];
        if (s.fg)
            tags.push(`${s.fg}-fg`);
        if (s.bg)
            tags.push(`${s.bg}-bg`);
        if (s.bold)
            tags.push('bold');
        if (s.underline)
            tags.push('underline');
        if (s.inverse)
            tags.push('inverse');
        opens.set(role, tags.map((t) => `{${t}}`).join(''));
        closes.set(role, tags.reverse().map((t) => `{/${t}}`).join(''));
    }
    return {
        name,
        styles,
        open: (role) => opens.get(role),
        close: (role) => closes.get(role),
        paint: (role, text) => opens.get(role) + text + closes.get(role),
    };
}
/** Checks a parsed theme document; returns the styles or the problems found. */
export function validateTheme(doc) {
    const errors = [];
    if (!doc || typeof doc !== 'object' || Array.isArray(doc))
        return { errors: ['a theme must be a mapping with a "roles" key'] };
    const roles = doc.roles;
    if (!roles || typeof roles !== 'object' || Array.isArray(roles))
        return { errors: ['missing "roles" mapping'] };
    const known = new Set(ROLES);
    for (const key of Object.keys(roles))
        if (!known.has(key))
            errors.push(`unknown role "${key}"`);
    const styles = {};
    for (const role of ROLES) {
        const raw = roles[role];
        if (raw === undefined) {
            errors.push(`role "${role}" is missing`);
            continue;
        }
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
            errors.push(`role "${role}" must be a mapping`);
            continue;
        }
        const style = {};
        for (const [k, v] of Object.entries(raw)) {
            if (!STYLE_KEYS.has(k))
                errors.push(`role "${role}": unknown key "${k}"`);
            else if (k === 'fg' || k === 'bg') {
                if (typeof v !== 'string' || !COLOR.test(v))
                    errors.push(`role "${role}": ${k} "${String(v)}" is not a color`);
                else
                    style[k] = v;
            }
            else if (typeof v !== 'boolean')
                errors.push(`role "${role}": ${k} must be true or false`);
            else
                style[k] = v;
        }
        styles[role] = style;
    }
    return errors.length ? { errors } : { styles };
}
function readTheme(name, dir) {
    if (!/^[A-Za-z0-9_-]+$/.test(name))
        return { errors: [`"${name}" is not a theme name`] };
    let text;
    try {
        text = readFileSync(join(dir, `${name}.yaml`), 'utf8');
    }
    catch (err) {
        return { errors: [`cannot read ${join(dir, `${name}.yaml`)}: ${err.code ?? String(err)}`] };
    }
    try {
        return validateTheme(parse(text));
    }
    catch (err) {
        return { errors: [`${name}.yaml: ${err.message.split('\n')[0]}`] };
    }
}
/**
 * Loads the requested theme; NO_COLOR (any non-empty value, no-color.org)
 * forces mono. `message` explains a fallback and is null when all went well.
 */
export function loadTheme(requested, dir, env = process.env) {
    const name = env.NO_COLOR ? 'mono' : requested;
    const first = readTheme(name, dir);
    if ('styles' in first)
        return { theme: makeTheme(name, first.styles), message: null };
    const why = `theme "${name}": ${first.errors.slice(0, 3).join('; ')}`;
    // mono (asked for, or forced by NO_COLOR) must not fall back to colors.
    if (name !== 'default' && name !== 'mono') {
        const fallback = readTheme('default', dir);
        if ('styles' in fallback)
            return { theme: makeTheme('default', fallback.styles), message: `${why}; using default` };
    }
    return { theme: makeTheme('mono', BUILTIN_MONO), message: `${why}; using built-in mono` };
}
