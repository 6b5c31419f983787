// The protect/prefer rule editor of one scope: a list of its rules (add,
// change, delete) and a form whose regex fields are validated as they are
// typed with re2js, the engine the policy layer matches with. Every change
// goes through EngineControl, which persists it and applies it at once; the
// list re-reads the scope's rules from the engine's state after each change.
import { RE2JS } from 're2js';
import { describeRule } from '../app/commands.js';
import { Dialog, editText } from './dialogs.js';
import { LineBuilder } from './line.js';
import { cell } from './text.js';
const REGEX_FIELDS = ['name', 'cmdline', 'user', 'cgroup', 'pod', 'namespace'];
const NUMBER_FIELDS = ['pid', 'priority', 'grace'];
/** Why a regex is not valid RE2 syntax, or null. */
export function regexError(pattern) {
    try {
        RE2JS.compile(pattern);
        return null;
    }
    catch (err) {
        return err.message.replace(/^error parsing regexp: /, '');
    }
}
function fieldError(field, text) {
    if (text === '')
        return null;
    if (REGEX_FIELDS.includes(field))
        return regexError(text);
    if (field === 'pid')
        return /^[1-9]\d*$/.test(text) ? null : 'a PID is a positive integer';
    if (field === 'priority')
        return /^-?\d+$/.test(text) ? null : 'an integer (higher is killed first)';
    return /^\d+(\.\d+)?$/.test(text) ? null : 'seconds >= 0';
}
/** Form values (text per field) -> a rule, or the first problem. */
export function formToRule(list, values) {
    const rule = {};
    for (const f of fieldsOf(list)) {
        const text = values[f] ?? '';
        const err = fieldError(f, text);
        if (err)
            return { error: `${f}: ${err}` };
        if (text === '')
            continue;
        if (f === 'pid' || f === 'priority' || f === 'grace')
            rule[f] = Number(text);
        else
            rule[f] = text;
    }
    const matchers = REGEX_FIELDS.some((f) => rule[f] !== undefined) || rule.pid !== undefined;
    if (!matchers)
        return { error: 'give at least one of name, cmdline, user, cgroup, pod, namespace, pid' };
    return { rule };
}
function fieldsOf(list) {
    // priority and grace only mean something for prefer rules.
    return list === 'prefer' ? [...REGEX_FIELDS, ...NUMBER_FIELDS] : [...REGEX_FIELDS, 'pid'];
}
export class RuleEditor extends Dialog {
    engine;
    ref;
    spec;
    ask;
    redraw;
    title;
    cursor = 0;
    form = null;
    message = null;
    constructor(engine, ref, scopeLabel, 
    /** The scope's current rules, read from the engine's state at each render. */
    spec, ask, redraw) {
        super();
        this.engine = engine;
        this.ref = ref;
        this.spec = spec;
        this.ask = ask;
        this.redraw = redraw;
        this.title = `Rules of ${scopeLabel}`;
        this.width = 78;
    }
    entries() {
        const s = this.spec();
        if (!s)
            return [];
        return [
            ...s.protect.map((rule, index) => ({ list: 'protect', index, rule })),
            ...s.prefer.map((rule, index) => ({ list: 'prefer', index, rule })),
        ];
    }
    key(k) {
        if (this.form)
            return this.formKey(this.form, k);
        const entries = this.entries();
        this.message = null;
        if (k.full === 'up')
            this.cursor = Math.max(0, this.cursor - 1);
        else if (k.full === 'down')
            this.cursor = Math.min(Math.max(0, entries.length - 1), this.cursor + 1);
        else if (k.full === 'escape' || k.ch === 'q')
            this.close();
        else if (k.ch === 'a' || k.full === 'insert')
            void this.startAdd();
        else if ((k.full === 'enter' || k.ch === 'e') && entries[this.cursor]) {
            const e = entries[this.cursor];
            const values = {};
            for (const f of fieldsOf(e.list))
                if (e.rule[f] !== undefined)
                    values[f] = String(e.rule[f]);
            const pinned = e.rule.pid !== undefined && e.rule.startTime !== undefined ? { pid: e.rule.pid, startTime: e.rule.startTime } : undefined;
            this.form = { list: e.list, index: e.index, values, field: 0, error: null, busy: false, ...(pinned ? { pinned } : {}) };
        }
        else if ((k.ch === 'd' || k.full === 'delete') && entries[this.cursor])
            void this.remove(entries[this.cursor]);
    }
    async startAdd() {
        const list = await this.ask.choose('Add a rule to', [
            { value: 'protect', key: 'p', label: 'protect  never kill what it matches' },
            { value: 'prefer', key: 'f', label: 'prefer   kill what it matches first (priority)' },
        ]);
        if (!list)
            return;
        this.form = { list, index: null, values: {}, field: 0, error: null, busy: false };
        this.redraw();
    }
    async remove(e) {
        const ok = await this.ask.confirm('Delete rule', [`Delete ${e.list}[${e.index}] ${describeRule(e.rule)}?`]);
        if (!ok)
            return;
        try {
            await this.engine.removeRule(this.ref, e.list, e.index);
            this.message = { text: `deleted ${e.list}[${e.index}]`, error: false };
            this.cursor = Math.max(0, Math.min(this.cursor, this.entries().length - 1));
        }
        catch (err) {
            this.message = { text: `delete failed: ${err.message}`, error: true };
        }
        this.redraw();
    }
    formKey(form, k) {
        if (form.busy)
            return;
        const fields = fieldsOf(form.list);
        if (k.full === 'escape') {
            this.form = null;
            return;
        }
        if (k.full === 'up' || k.full === 'S-tab')
            form.field = (form.field - 1 + fields.length) % fields.length;
        else if (k.full === 'down' || k.full === 'tab')
            form.field = (form.field + 1) % fields.length;
        else if (k.full === 'enter')
            void this.save(form);
        else {
            const f = fields[form.field];
            const next = editText(form.values[f] ?? '', k);
            if (next !== null)
                form.values[f] = next;
            form.error = null;
        }
    }
    async save(form) {
        const parsed = formToRule(form.list, form.values);
        if ('error' in parsed) {
            form.error = parsed.error;
            return;
        }
        // Dropping the start time would widen "this process" to whatever later holds the PID.
        if (form.pinned && parsed.rule.pid === form.pinned.pid)
            parsed.rule.startTime = form.pinned.startTime;
        form.busy = true;
        try {
            if (form.index === null)
                await this.engine.addRule(this.ref, form.list, parsed.rule);
            else
                await this.engine.updateRule(this.ref, form.list, form.index, parsed.rule);
            this.message = { text: `${form.index === null ? 'added' : 'changed'} ${form.list} rule ${describeRule(parsed.rule)}`, error: false };
            this.form = null;
        }
        catch (err) {
            form.error = err.message;
            form.busy = false;
        }
        this.redraw();
    }
    lines(width, theme) {
        return this.form ? this.formLines(this.form, width, theme) : this.listLines(width, theme);
    }
    listLines(width, theme) {
        const entries = this.entries();
        const out = [];
        if (entries.length === 0)
            out.push(cell('no protect or prefer rules yet', width));
        entries.forEach((e, i) => {
            const text = cell(`${i === this.cursor ? '>' : ' '} ${e.list}[${e.index}] ${describeRule(e.rule)}`, width);
            out.push(i === this.cursor ? theme.paint('selected', text) : text);
        });
        out.push('');
        if (this.message)
            out.push(theme.paint(this.message.error ? 'error' : 'status', cell(this.message.text, width)));
        out.push(theme.paint('label', cell('a add   Enter/e change   d delete   Esc close', width)));
        return out;
    }
    formLines(form, width, theme) {
        const fields = fieldsOf(form.list);
        const out = [cell(`${form.index === null ? 'New' : 'Change'} ${form.list} rule${form.index === null ? '' : ` [${form.index}]`}: every field given must match (re2 regex)`, width)];
        const inputW = Math.max(10, Math.min(40, width - 12 - 20));
        fields.forEach((f, i) => {
            const value = form.values[f] ?? '';
            const err = fieldError(f, value);
            const focused = i === form.field;
            const shown = [...value].slice(-(inputW - 1)).join('') + (focused ? '_' : '');
            const b = new LineBuilder(theme, width).add(focused ? '> ' : '  ').add(f.padEnd(10), 'label');
            b.addTagged(theme.paint(focused ? 'input' : 'header', cell(shown, inputW)), inputW);
            b.add(' ');
            if (err)
                b.add(err, 'error');
            else if (value !== '')
                b.add('ok', 'ok');
            out.push(b.toString());
        });
        out.push('');
        if (form.error)
            out.push(theme.paint('error', cell(form.error, width)));
        out.push(theme.paint('label', cell(form.busy ? 'saving...' : 'Up/Down field   Enter save   Esc back', width)));
        return out;
    }
}
