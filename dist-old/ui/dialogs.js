import { keyLabel, keysOf } from '../app/keymap.js';
import { LineBuilder } from './line.js';
import { cell } from './text.js';
export class Dialog {
    closed = false;
    /** Set by the host: called once when the dialog finishes. */
    onClose = () => { };
    /** Preferred inner width (the host clamps it to the screen). */
    width = 60;
    close() {
        if (this.closed)
            return;
        this.closed = true;
        this.onClose();
    }
}
/** A single printable character typed (or pasted one at a time); controls never enter a field. */
export function typedChar(k) {
    const ch = k.ch;
    if (!ch || ch.length === 0)
        return null;
    if (/[\x00-\x1f\x7f-\x9f]/.test(ch))
        return null;
    return ch;
}
/** One-line text editing shared by prompts and the rule form: the new value, or null when the key is not an edit. */
export function editText(value, k) {
    if (k.full === 'backspace')
        return [...value].slice(0, -1).join('');
    if (k.full === 'C-u')
        return '';
    if (k.full === 'C-w')
        return value.replace(/\S*\s*$/, '');
    const ch = typedChar(k);
    return ch === null ? null : value + ch;
}
export class ConfirmDialog extends Dialog {
    title;
    text;
    resolve;
    constructor(title, text, resolve) {
        super();
        this.title = title;
        this.text = text;
        this.resolve = resolve;
        // Wide enough for a command line or a rule on one line at 80 columns.
        this.width = 76;
    }
    key(k) {
        // Only an explicit "y" confirms: Enter held down or typed ahead must not arm or kill.
        if (k.ch === 'y' || k.ch === 'Y') {
            this.close();
            this.resolve(true);
        }
        else if (k.ch === 'n' || k.ch === 'N' || k.full === 'escape' || k.ch === 'q') {
            this.close();
            this.resolve(false);
        }
    }
    lines(width, theme) {
        return [...this.text.map((l) => cell(l, width)), '', theme.paint('label', cell('[y] yes   [n]/Esc no', width))];
    }
}
export class ChoiceDialog extends Dialog {
    title;
    options;
    resolve;
    index;
    constructor(title, options, initial, resolve) {
        super();
        this.title = title;
        this.options = options;
        this.resolve = resolve;
        this.index = Math.max(0, options.findIndex((o) => o.value === initial));
    }
    key(k) {
        if (k.full === 'up')
            this.index = Math.max(0, this.index - 1);
        else if (k.full === 'down' || k.full === 'tab')
            this.index = Math.min(this.options.length - 1, this.index + 1);
        else if (k.full === 'enter')
            this.pick(this.options[this.index].value);
        else if (k.full === 'escape' || k.ch === 'q') {
            this.close();
            this.resolve(null);
        }
        else {
            const hit = this.options.find((o) => o.key !== undefined && o.key === k.ch);
            if (hit)
                this.pick(hit.value);
        }
    }
    pick(v) {
        this.close();
        this.resolve(v);
    }
    lines(width, theme) {
        const out = this.options.map((o, i) => {
            const text = cell(`${i === this.index ? '>' : ' '} ${o.key ? `[${o.key}] ` : ''}${o.label}`, width);
            return i === this.index ? theme.paint('selected', text) : text;
        });
        out.push('', theme.paint('label', cell('Up/Down, Enter or the key in brackets; Esc cancels', width)));
        return out;
    }
}
export class PromptDialog extends Dialog {
    title;
    opts;
    resolve;
    value;
    error = null;
    constructor(title, initial, opts, resolve) {
        super();
        this.title = title;
        this.opts = opts;
        this.resolve = resolve;
        this.value = initial;
        this.error = opts.validate?.(initial) ?? null;
    }
    key(k) {
        if (k.full === 'escape') {
            this.close();
            this.resolve(null);
            return;
        }
        if (k.full === 'enter') {
            if (this.error)
                return;
            this.close();
            this.resolve(this.value);
            return;
        }
        const next = editText(this.value, k);
        if (next === null)
            return;
        this.value = next;
        this.error = this.opts.validate?.(next) ?? null;
        this.opts.onChange?.(next);
    }
    lines(width, theme) {
        const field = new LineBuilder(theme, width).add('> ', 'label');
        // Show the end of a long value, where the typing happens.
        const shown = [...this.value].slice(-(width - 4)).join('');
        field.add(`${shown}_`, 'input');
        return [
            field.toString(),
            this.error ? theme.paint('error', cell(this.error, width)) : '',
            theme.paint('label', cell('Enter accepts, Esc cancels, Ctrl-U clears', width)),
        ];
    }
}
export class HelpDialog extends Dialog {
    commands;
    keymap;
    title = 'oomtop keys';
    offset = 0;
    lastHeight = 10;
    constructor(commands, keymap) {
        super();
        this.commands = commands;
        this.keymap = keymap;
        this.width = 76;
    }
    rows() {
        return this.commands
            .map((c) => ({ keys: keysOf(this.keymap, c.id).map(keyLabel).join(' '), title: c.title }))
            .filter((r) => r.keys !== '');
    }
    key(k) {
        const n = this.rows().length;
        if (k.full === 'down')
            this.offset = Math.min(Math.max(0, n - this.lastHeight), this.offset + 1);
        else if (k.full === 'up')
            this.offset = Math.max(0, this.offset - 1);
        else if (k.full === 'pagedown' || k.full === 'space')
            this.offset = Math.min(Math.max(0, n - this.lastHeight), this.offset + this.lastHeight);
        else if (k.full === 'pageup')
            this.offset = Math.max(0, this.offset - this.lastHeight);
        else
            this.close(); // any other key (Esc, q, ?, F1, Enter) closes help, as in htop
    }
    /** Rows of help that fit in `height`. */
    linesFor(width, height, theme) {
        this.lastHeight = Math.max(1, height - 2);
        const rows = this.rows();
        const keyW = Math.min(24, Math.max(...rows.map((r) => r.keys.length)) + 1);
        const body = rows.slice(this.offset, this.offset + this.lastHeight).map((r) => theme.paint('footerKey', cell(r.keys, keyW)) + cell(` ${r.title}`, width - keyW));
        return [...body, '', theme.paint('label', cell('Up/Down scroll, any other key closes', width))];
    }
    lines(width, theme) {
        return this.linesFor(width, this.lastHeight + 2, theme);
    }
}
