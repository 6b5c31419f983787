// The full-screen monitor: blessed boxes filled by the pure pane renderers,
// keys routed through the keymap to commands, dialogs on top. It reads only
// EngineControl (and theme files): no /proc, no signals sent from here.
//
// The enforcer runs in the same process, so the terminal must never take it
// down: blessed's own uncaughtException/SIGTERM/SIGINT/SIGQUIT handlers (which
// exit the process) are removed, a lost terminal (SIGHUP, EIO/EPIPE on the
// output) is reported through opts.onExit('hangup') and the screen then stops
// writing, and rendering happens at most once per engine tick. An exception
// in rendering or key handling (a renderer bug, odd data) is caught and shown
// in the status line: it must not unwind into the engine's tick or the event
// loop and end the enforcer.
//
// blessed-contrib draws the graphs pane (line charts, trend-chart.ts). Its
// other candidates were measured and not used: `log` is a List that only
// appends, while the events pane sorts, filters and keeps a selection; `grid`
// places widgets in percentages of the screen, while the panes here need exact
// rows (fixed header, gauge and footer rows at any height); `gauge`: panes.ts.
import blessed from 'blessed';
import { COMMANDS, scopePolicy } from '../app/commands.js';
import { buildKeymap, lookupKey } from '../app/keymap.js';
import { ChoiceDialog, ConfirmDialog, HelpDialog, PromptDialog } from './dialogs.js';
import { computeLayout } from './layout.js';
import { LineBuilder } from './line.js';
import { eventTable, footerLine, gaugeLines, graphCharts, headerLines, memoryLines, processTable, scopeTable, statusLine } from './panes.js';
import { RuleEditor } from './rule-editor.js';
import { resolveTerminal } from './terminal.js';
import { cell } from './text.js';
import { loadTheme } from './theme.js';
import { TrendChart } from './trend-chart.js';
import { ViewModel } from './view.js';
/** How long an action's result stays in the status line. */
const STATUS_MS = 8000;
const PANE_NAMES = ['header', 'memory', 'gauge', 'cgroups', 'processes', 'events', 'status', 'footer'];
/** Columns between two charts of the graphs pane. */
const CHART_GAP = 1;
/** blessed's process-wide handlers that would exit the process on a signal or an exception. */
function disownProcessHandlers() {
    const S = blessed.Screen;
    const pairs = [
        ['uncaughtException', '_exceptionHandler'],
        ['SIGTERM', '_sigtermHandler'],
        ['SIGINT', '_sigintHandler'],
        ['SIGQUIT', '_sigquitHandler'],
    ];
    for (const [event, name] of pairs) {
        const fn = S[name];
        if (fn)
            process.removeListener(event, fn);
    }
}
/** Creates the screen, keeping blessed's terminfo complaints off stderr. */
function createScreen(opts, warnings) {
    const original = console.error;
    // blessed prints a terminfo entry it cannot compile with console.error.
    console.error = (...args) => {
        warnings.push(args.map(String).join(' '));
    };
    try {
        const screen = blessed.screen({
            input: (opts.input ?? process.stdin),
            output: (opts.output ?? process.stdout),
            terminal: resolveTerminal(opts.terminal ?? process.env.TERM),
            fullUnicode: true,
            smartCSR: true,
            autoPadding: false,
            title: 'oomtop',
        });
        screen.on('warning', (text) => warnings.push(text));
        return screen;
    }
    finally {
        console.error = original;
        disownProcessHandlers();
    }
}
export async function runTui(engine, opts) {
    const { theme, message: themeMessage } = loadTheme(opts.theme, opts.themesDir);
    const keymap = buildKeymap(COMMANDS, opts.keys);
    const warnings = [];
    const screen = createScreen(opts, warnings);
    return new Tui(engine, opts, screen, theme, keymap, themeMessage).handle();
}
class Tui {
    engine;
    opts;
    screen;
    theme;
    keymap;
    view;
    boxes;
    /** The graphs pane: blessed-contrib line charts, side by side. */
    charts;
    dialogBox;
    dialogs = [];
    contents = new Map();
    status = null;
    statusTimer = null;
    renderQueued = false;
    done = false;
    unsubscribe;
    onHangup = () => this.hangup();
    // EIO/EPIPE/ECONNRESET on the terminal's streams: it is gone (any other error is fatal to the screen only).
    onStreamError = () => this.hangup();
    constructor(engine, opts, screen, theme, keymap, themeMessage) {
        this.engine = engine;
        this.opts = opts;
        this.screen = screen;
        this.theme = theme;
        this.keymap = keymap;
        this.view = new ViewModel(engine.getState(), () => this.queueRender());
        const box = () => blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 1, tags: true, wrap: false });
        this.boxes = Object.fromEntries(PANE_NAMES.map((n) => [n, box()]));
        this.charts = [0, 1, 2, 3].map(() => new TrendChart(screen, theme));
        this.dialogBox = blessed.box({
            parent: screen,
            top: 'center',
            left: 'center',
            width: 60,
            height: 8,
            tags: true,
            hidden: true,
            border: { type: 'line' },
            label: '',
        });
        if (themeMessage)
            this.setStatus(themeMessage, 'error');
        screen.on('keypress', (ch, key) => this.onKey(ch, key));
        // render() catches its own errors.
        screen.on('resize', () => this.render());
        process.on('SIGHUP', this.onHangup);
        const out = screen.program.output;
        const inp = screen.program.input;
        out.on('error', this.onStreamError);
        inp.on('error', this.onStreamError);
        this.unsubscribe = engine.subscribe((state) => this.onState(state));
        engine.wantProcesses(true);
        this.render();
    }
    handle() {
        return { close: () => this.close(), screen: this.screen, charts: this.charts };
    }
    onState(state) {
        // Called from the engine's tick: nothing may throw back into it.
        try {
            this.view.update(state);
            // Frozen: keep the snapshot on screen; collection and enforcement go on.
            if (!this.view.frozen)
                this.queueRender();
        }
        catch (err) {
            this.failed('display', err);
        }
    }
    /** At most one render per turn of the event loop, however many updates arrive. */
    queueRender() {
        if (this.renderQueued || this.done)
            return;
        this.renderQueued = true;
        setImmediate(() => {
            this.renderQueued = false;
            this.render();
        });
    }
    setContent(name, box, area, lines) {
        if (box.top !== area.top)
            box.top = area.top;
        if (box.height !== area.height)
            box.height = area.height;
        const content = lines.slice(0, area.height).join('\n');
        // setContent re-parses tags: skip it when nothing changed.
        if (this.contents.get(name) !== content) {
            this.contents.set(name, content);
            box.setContent(content);
        }
        if (area.height === 0)
            box.hide();
        else
            box.show();
    }
    render() {
        if (this.done)
            return;
        try {
            this.draw();
        }
        catch (err) {
            this.failed('display', err);
        }
    }
    /**
     * Shows a caught exception in the status line and keeps going. Draws only
     * that line (a full render may be what fails) and queues no render, so an
     * error on every render cannot turn into a busy loop.
     */
    failed(what, err) {
        const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
        const text = `${what} error: ${message}`;
        this.showStatus(text, 'error');
        if (this.done)
            return;
        try {
            const width = Math.max(1, this.screen.width);
            const height = Math.max(1, this.screen.height);
            const box = this.boxes.status;
            box.top = Math.max(0, height - 2);
            box.height = 1;
            const line = new LineBuilder(this.theme, width).add(text, 'error').toString();
            this.contents.set('status', line);
            box.setContent(line);
            box.show();
            box.setFront();
            this.screen.render();
        }
        catch {
            // The screen itself is broken: the next render or hangup deals with it.
        }
    }
    draw() {
        const width = Math.max(1, this.screen.width);
        const height = Math.max(1, this.screen.height);
        const state = this.view.state;
        const status = statusLine(state, this.status, this.theme, width);
        const layout = computeLayout(width, height, state.scopes.length, status !== null);
        const v = this.view;
        v.heights.cgroups = Math.max(1, layout.cgroups.height - 1);
        v.heights.processes = Math.max(1, layout.processes.height - 1);
        v.heights.events = Math.max(1, layout.events.height - 1);
        const scope = v.scope();
        const t = this.theme;
        const b = this.boxes;
        this.setContent('header', b.header, layout.header, headerLines(state, v, t, width));
        this.setContent('memory', b.memory, layout.memory, memoryLines(state, t, width));
        this.setContent('gauge', b.gauge, layout.gauge, gaugeLines(scope, t, width));
        this.renderCharts(layout.graphs, width, graphCharts(state, scope));
        this.setContent('cgroups', b.cgroups, layout.cgroups, scopeTable(v, t, width, layout.cgroups.height));
        this.setContent('processes', b.processes, layout.processes, processTable(v, t, width, layout.processes.height));
        this.watchVisibleRows(scope?.id ?? 'node');
        this.setContent('events', b.events, layout.events, eventTable(v, t, width, layout.events.height));
        this.setContent('status', b.status, layout.status, status ? [status] : []);
        this.setContent('footer', b.footer, layout.footer, [footerLine(COMMANDS, this.keymap, t, width)]);
        this.renderDialog(width, height);
        this.screen.render();
    }
    watchedRows = '';
    /** Tells the engine which scope and PIDs are on screen, when that changes (their CPU % comes back in state.cpu). */
    watchVisibleRows(scopeId) {
        const r = this.view.processRows();
        const pids = r.rows.slice(r.offset, r.offset + this.view.heights.processes).map((c) => c.proc.pid);
        const key = `${scopeId}\0${pids.join(',')}`;
        if (key === this.watchedRows)
            return;
        this.watchedRows = key;
        this.engine.watchRows(scopeId, pids);
    }
    /** Places the charts side by side in the graphs pane; each redraws only when its data changed. */
    renderCharts(area, width, specs) {
        const n = this.charts.length;
        const w = Math.floor((width - CHART_GAP * (n - 1)) / n);
        this.charts.forEach((chart, i) => {
            const left = i * (w + CHART_GAP);
            chart.place(left, area.top, i === n - 1 ? width - left : w, area.height);
            chart.update(specs[i]);
        });
    }
    renderDialog(width, height) {
        const d = this.dialogs.at(-1);
        if (!d) {
            if (!this.dialogBox.hidden)
                this.dialogBox.hide();
            return;
        }
        const inner = Math.max(10, Math.min(d.width, width - 4));
        const maxInner = Math.max(3, height - 4);
        const lines = d instanceof HelpDialog ? d.linesFor(inner, maxInner, this.theme) : d.lines(inner, this.theme).slice(0, maxInner);
        this.dialogBox.width = inner + 2;
        this.dialogBox.height = lines.length + 2;
        this.dialogBox.setLabel(` ${cell(d.title, Math.min(inner - 2, [...d.title].length))} `);
        this.dialogBox.setContent(lines.join('\n'));
        this.dialogBox.show();
        this.dialogBox.setFront();
    }
    setStatus(text, kind = 'info') {
        this.showStatus(text, kind);
        this.queueRender();
    }
    /** Puts a line in the status bar for STATUS_MS; the caller decides how to redraw. */
    showStatus(text, kind) {
        this.status = { text, kind };
        if (this.statusTimer)
            clearTimeout(this.statusTimer);
        this.statusTimer = setTimeout(() => {
            this.status = null;
            this.statusTimer = null;
            this.queueRender();
        }, STATUS_MS);
        this.statusTimer.unref();
    }
    onKey(ch, key) {
        if (this.done)
            return;
        try {
            this.handleKey(ch, key);
        }
        catch (err) {
            this.failed('key', err);
        }
    }
    handleKey(ch, key) {
        const full = key?.full ?? ch ?? '';
        // blessed reports Enter twice ("return", then "enter"): act on "enter" only.
        if (key?.name === 'return')
            return;
        const k = { ch, name: key?.name, full };
        const top = this.dialogs.at(-1);
        if (top) {
            top.key(k);
            this.render();
            return;
        }
        const id = lookupKey(this.keymap, ch, full);
        const cmd = id ? COMMANDS.find((c) => c.id === id) : undefined;
        if (cmd)
            this.run(cmd);
    }
    run(cmd) {
        const ctx = this.context();
        Promise.resolve()
            .then(() => cmd.run(ctx))
            .catch((err) => this.setStatus(`${cmd.id}: ${err.message}`, 'error'))
            .finally(() => this.queueRender());
        this.queueRender();
    }
    context() {
        return {
            engine: this.engine,
            state: this.view.state,
            scope: this.view.scope(),
            candidate: this.view.candidate(),
            view: this.view,
            ask: this.asker(),
            status: (text, kind) => this.setStatus(text, kind),
            quit: () => {
                this.close();
                this.opts.onExit('quit');
            },
        };
    }
    open(make) {
        return new Promise((resolve) => {
            const d = make(resolve);
            d.onClose = () => {
                const i = this.dialogs.indexOf(d);
                if (i >= 0)
                    this.dialogs.splice(i, 1);
                this.queueRender();
            };
            this.dialogs.push(d);
            this.render();
        });
    }
    asker() {
        return {
            confirm: (title, lines) => this.open((r) => new ConfirmDialog(title, lines, r)),
            choose: (title, options, initial) => this.open((r) => new ChoiceDialog(title, options, initial, r)),
            prompt: (title, initial, o) => this.open((r) => new PromptDialog(title, initial, o ?? {}, r)),
            editRules: (scope, ref) => this.open((r) => {
                const editor = new RuleEditor(this.engine, ref, scope.label, () => {
                    const live = this.engine.getState();
                    const s = live.scopes.find((x) => x.id === scope.id) ?? scope;
                    return scopePolicy(live, s)?.spec ?? null;
                }, this.asker(), () => this.queueRender());
                const close = editor.onClose;
                editor.onClose = () => {
                    close();
                    r();
                };
                return editor;
            }),
            help: () => {
                void this.open(() => new HelpDialog(COMMANDS, this.keymap));
            },
        };
    }
    /** The terminal went away: stop writing to it, tell the owner, keep the process alive. */
    hangup() {
        if (this.done)
            return;
        const p = this.screen.program;
        const silent = () => true;
        p._owrite = silent;
        p.write = silent;
        p.flush = () => { };
        this.teardown();
        // A late EPIPE on the dead terminal must find a listener, or it would end the process.
        this.screen.program.output.on('error', () => { });
        this.opts.onExit('hangup');
    }
    close() {
        if (this.done)
            return;
        this.teardown();
    }
    teardown() {
        this.done = true;
        this.unsubscribe();
        this.engine.wantProcesses(false);
        if (this.statusTimer)
            clearTimeout(this.statusTimer);
        process.removeListener('SIGHUP', this.onHangup);
        try {
            // Restores the terminal (normal screen, cursor, raw mode off); on a hangup its writes go nowhere.
            this.screen.destroy();
        }
        catch {
            // setRawMode on a vanished tty can throw EIO: nothing left to restore.
        }
        this.screen.program.output.removeListener('error', this.onStreamError);
        this.screen.program.input.removeListener('error', this.onStreamError);
    }
}
