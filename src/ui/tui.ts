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
//
// Measured for CPU and not kept (the TUI at 120x40 next to htop -d 10, two
// processes of each variant running at once for 60-90 s):
// - One blessed box per screen row, so that a changed row re-parses only
//   itself: every changed row pays blessed's fixed cost of a setContent, and
//   the rows that change on a tick (memory, gauge, scope table) are most of
//   their panes: 50 ms of setContent in 40 s of profile against 29 ms.
// - Skipping blessed's render of unchanged boxes (their cells stay in its
//   buffer): blessed's own render time fell, the process used more CPU
//   (1.25 % of a core against 1.10 %): with less garbage per second V8 shrank
//   its young generation and scavenged five times as often (45 against 9 a minute).
import blessed from 'blessed';
import { COMMANDS, scopePolicy, type Asker, type ChoiceOption, type Command, type CommandContext } from '../app/commands.js';
import { buildKeymap, lookupKey, type Keymap } from '../app/keymap.js';
import type { AppState, EngineControl, ScopeRef, ScopeView } from '../app/types.js';
import { ChoiceDialog, ConfirmDialog, Dialog, HelpDialog, PromptDialog, type KeyPress } from './dialogs.js';
import { computeLayout, type Area, type Layout } from './layout.js';
import { LineBuilder } from './line.js';
import { eventTable, footerLine, gaugeLines, graphCharts, headerLines, memoryLines, processTable, scopeTable, statusLine } from './panes.js';
import { RuleEditor } from './rule-editor.js';
import { resolveTerminal } from './terminal.js';
import { cell } from './text.js';
import { loadTheme, type Theme } from './theme.js';
import { TrendChart } from './trend-chart.js';
import { ViewModel } from './view.js';

export interface TuiOptions {
  theme: string;
  themesDir: string;
  /** TERM to emulate; default process.env.TERM (mapped to one blessed parses, see terminal.ts). */
  terminal?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** 'quit': the operator quit (the screen is already closed); 'hangup': the terminal is gone. */
  onExit: (reason: 'quit' | 'hangup') => void;
  /** Key remapping on top of the commands' defaults (key -> command id, or null to unbind). */
  keys?: Record<string, string | null>;
}

export interface TuiHandle {
  close(): void;
  screen: blessed.Widgets.Screen;
  /** The graphs pane's charts, left to right (their redraw counts show when canvases were rebuilt). */
  charts: readonly TrendChart[];
}

/** How long an action's result stays in the status line. */
const STATUS_MS = 8000;

type PaneName = 'header' | 'memory' | 'gauge' | 'cgroups' | 'processes' | 'events' | 'status' | 'footer';
const PANE_NAMES: PaneName[] = ['header', 'memory', 'gauge', 'cgroups', 'processes', 'events', 'status', 'footer'];
/** Columns between two charts of the graphs pane. */
const CHART_GAP = 1;

/** blessed's process-wide handlers that would exit the process on a signal or an exception. */
function disownProcessHandlers(): void {
  const S = (blessed as unknown as { Screen: unknown }).Screen as Record<string, ((...a: unknown[]) => void) | undefined>;
  const pairs: [string, string][] = [
    ['uncaughtException', '_exceptionHandler'],
    ['SIGTERM', '_sigtermHandler'],
    ['SIGINT', '_sigintHandler'],
    ['SIGQUIT', '_sigquitHandler'],
  ];
  for (const [event, name] of pairs) {
    const fn = S[name];
    if (fn) process.removeListener(event, fn);
  }
}

/** Creates the screen, keeping blessed's terminfo complaints off stderr. */
function createScreen(opts: TuiOptions, warnings: string[]): blessed.Widgets.Screen {
  const original = console.error;
  // blessed prints a terminfo entry it cannot compile with console.error.
  console.error = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  try {
    const screen = blessed.screen({
      input: (opts.input ?? process.stdin) as NodeJS.ReadStream,
      output: (opts.output ?? process.stdout) as NodeJS.WriteStream,
      terminal: resolveTerminal(opts.terminal ?? process.env.TERM),
      fullUnicode: true,
      smartCSR: true,
      autoPadding: false,
      title: 'oomtop',
    });
    screen.on('warning', (text: string) => warnings.push(text));
    return screen;
  } finally {
    console.error = original;
    disownProcessHandlers();
  }
}

export async function runTui(engine: EngineControl, opts: TuiOptions): Promise<TuiHandle> {
  const { theme, message: themeMessage } = loadTheme(opts.theme, opts.themesDir);
  const keymap = buildKeymap(COMMANDS, opts.keys);
  const warnings: string[] = [];
  const screen = createScreen(opts, warnings);
  return new Tui(engine, opts, screen, theme, keymap, themeMessage).handle();
}

class Tui {
  private readonly view: ViewModel;
  private readonly boxes: Record<PaneName, blessed.Widgets.BoxElement>;
  /** The graphs pane: blessed-contrib line charts, side by side. */
  readonly charts: TrendChart[];
  private readonly dialogBox: blessed.Widgets.BoxElement;
  private readonly dialogs: Dialog[] = [];
  private readonly contents = new Map<string, string>();
  private status: { text: string; kind: 'info' | 'error' } | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private renderQueued = false;
  private done = false;
  private readonly unsubscribe: () => void;
  private readonly onHangup = () => this.hangup();
  // EIO/EPIPE/ECONNRESET on the terminal's streams: it is gone (any other error is fatal to the screen only).
  private readonly onStreamError = () => this.hangup();

  constructor(
    private readonly engine: EngineControl,
    private readonly opts: TuiOptions,
    private readonly screen: blessed.Widgets.Screen,
    private readonly theme: Theme,
    private readonly keymap: Keymap,
    themeMessage: string | null,
  ) {
    this.view = new ViewModel(engine.getState(), () => this.queueRender());
    const box = () =>
      blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 1, tags: true, wrap: false } as blessed.Widgets.BoxOptions);
    this.boxes = Object.fromEntries(PANE_NAMES.map((n) => [n, box()])) as Record<PaneName, blessed.Widgets.BoxElement>;
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
    } as blessed.Widgets.BoxOptions);
    if (themeMessage) this.setStatus(themeMessage, 'error');

    screen.on('keypress', (ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg | undefined) => this.onKey(ch, key));
    // render() catches its own errors.
    screen.on('resize', () => this.render());
    process.on('SIGHUP', this.onHangup);
    const out = screen.program.output as NodeJS.WritableStream;
    const inp = screen.program.input as NodeJS.ReadableStream;
    out.on('error', this.onStreamError);
    inp.on('error', this.onStreamError);
    this.unsubscribe = engine.subscribe((state) => this.onState(state));
    engine.wantProcesses(true);
    this.render();
  }

  handle(): TuiHandle {
    return { close: () => this.close(), screen: this.screen, charts: this.charts };
  }

  private onState(state: AppState): void {
    // Called from the engine's tick: nothing may throw back into it.
    try {
      this.view.update(state);
      // Frozen: keep the snapshot on screen; collection and enforcement go on.
      if (!this.view.frozen) this.queueRender();
    } catch (err) {
      this.failed('display', err);
    }
  }

  /** At most one render per turn of the event loop, however many updates arrive. */
  private queueRender(): void {
    if (this.renderQueued || this.done) return;
    this.renderQueued = true;
    setImmediate(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private setContent(name: string, box: blessed.Widgets.BoxElement, area: Area, lines: string[]): void {
    if (box.top !== area.top) box.top = area.top;
    if (box.height !== area.height) box.height = area.height;
    const content = lines.slice(0, area.height).join('\n');
    // setContent re-parses tags: skip it when nothing changed.
    if (this.contents.get(name) !== content) {
      this.contents.set(name, content);
      box.setContent(content);
    }
    if (area.height === 0) box.hide();
    else box.show();
  }

  render(): void {
    if (this.done) return;
    try {
      this.draw();
    } catch (err) {
      this.failed('display', err);
    }
  }

  /**
   * Shows a caught exception in the status line and keeps going. Draws only
   * that line (a full render may be what fails) and queues no render, so an
   * error on every render cannot turn into a busy loop.
   */
  private failed(what: 'display' | 'key', err: unknown): void {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    const text = `${what} error: ${message}`;
    this.showStatus(text, 'error');
    if (this.done) return;
    try {
      const width = Math.max(1, this.screen.width as number);
      const height = Math.max(1, this.screen.height as number);
      const box = this.boxes.status;
      box.top = Math.max(0, height - 2);
      box.height = 1;
      const line = new LineBuilder(this.theme, width).add(text, 'error').toString();
      this.contents.set('status', line);
      box.setContent(line);
      box.show();
      box.setFront();
      this.screen.render();
    } catch {
      // The screen itself is broken: the next render or hangup deals with it.
    }
  }

  private draw(): void {
    const width = Math.max(1, this.screen.width as number);
    const height = Math.max(1, this.screen.height as number);
    const state = this.view.state;
    const status = statusLine(state, this.status, this.theme, width);
    const layout: Layout = computeLayout(width, height, state.scopes.length, status !== null);
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
    this.setContent('footer', b.footer, layout.footer, [this.footer(width)]);
    this.renderDialog(width, height);
    this.screen.render();
  }

  private footerCache = { width: -1, line: '' };

  /** The key hints change only with the width (keymap and theme are fixed for the screen's life). */
  private footer(width: number): string {
    if (this.footerCache.width !== width) this.footerCache = { width, line: footerLine(COMMANDS, this.keymap, this.theme, width) };
    return this.footerCache.line;
  }

  private watchedRows = '';

  /** Tells the engine which scope and PIDs are on screen, when that changes (their CPU % comes back in state.cpu). */
  private watchVisibleRows(scopeId: string): void {
    const r = this.view.processRows();
    const pids = r.rows.slice(r.offset, r.offset + this.view.heights.processes).map((c) => c.proc.pid);
    const key = `${scopeId}\0${pids.join(',')}`;
    if (key === this.watchedRows) return;
    this.watchedRows = key;
    this.engine.watchRows(scopeId, pids);
  }

  /** Places the charts side by side in the graphs pane; each redraws only when its data changed. */
  private renderCharts(area: Area, width: number, specs: ReturnType<typeof graphCharts>): void {
    const n = this.charts.length;
    const w = Math.floor((width - CHART_GAP * (n - 1)) / n);
    this.charts.forEach((chart, i) => {
      const left = i * (w + CHART_GAP);
      chart.place(left, area.top, i === n - 1 ? width - left : w, area.height);
      chart.update(specs[i]!);
    });
  }

  private renderDialog(width: number, height: number): void {
    const d = this.dialogs.at(-1);
    if (!d) {
      if (!this.dialogBox.hidden) this.dialogBox.hide();
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

  private setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    this.showStatus(text, kind);
    this.queueRender();
  }

  /** Puts a line in the status bar for STATUS_MS; the caller decides how to redraw. */
  private showStatus(text: string, kind: 'info' | 'error'): void {
    this.status = { text, kind };
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => {
      this.status = null;
      this.statusTimer = null;
      this.queueRender();
    }, STATUS_MS);
    this.statusTimer.unref();
  }

  private onKey(ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg | undefined): void {
    if (this.done) return;
    try {
      this.handleKey(ch, key);
    } catch (err) {
      this.failed('key', err);
    }
  }

  private handleKey(ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg | undefined): void {
    const full = key?.full ?? ch ?? '';
    // blessed reports Enter twice ("return", then "enter"): act on "enter" only.
    if (key?.name === 'return') return;
    const k: KeyPress = { ch, name: key?.name, full };
    const top = this.dialogs.at(-1);
    if (top) {
      top.key(k);
      this.render();
      return;
    }
    const id = lookupKey(this.keymap, ch, full);
    const cmd = id ? COMMANDS.find((c) => c.id === id) : undefined;
    if (cmd) this.run(cmd);
  }

  private run(cmd: Command): void {
    const ctx = this.context();
    Promise.resolve()
      .then(() => cmd.run(ctx))
      .catch((err: unknown) => this.setStatus(`${cmd.id}: ${(err as Error).message}`, 'error'))
      .finally(() => this.queueRender());
    this.queueRender();
  }

  private context(): CommandContext {
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

  private open<T>(make: (resolve: (v: T) => void) => Dialog): Promise<T> {
    return new Promise<T>((resolve) => {
      const d = make(resolve);
      d.onClose = () => {
        const i = this.dialogs.indexOf(d);
        if (i >= 0) this.dialogs.splice(i, 1);
        this.queueRender();
      };
      this.dialogs.push(d);
      this.render();
    });
  }

  private asker(): Asker {
    return {
      confirm: (title, lines) => this.open<boolean>((r) => new ConfirmDialog(title, lines, r)),
      choose: <T extends string>(title: string, options: ChoiceOption<T>[], initial?: T) =>
        this.open<T | null>((r) => new ChoiceDialog<T>(title, options, initial, r)),
      prompt: (title, initial, o) => this.open<string | null>((r) => new PromptDialog(title, initial, o ?? {}, r)),
      editRules: (scope: ScopeView, ref: ScopeRef) =>
        this.open<void>((r) => {
          const editor = new RuleEditor(
            this.engine,
            ref,
            scope.label,
            () => {
              const live = this.engine.getState();
              const s = live.scopes.find((x) => x.id === scope.id) ?? scope;
              return scopePolicy(live, s)?.spec ?? null;
            },
            this.asker(),
            () => this.queueRender(),
          );
          const close = editor.onClose;
          editor.onClose = () => {
            close();
            r();
          };
          return editor;
        }),
      help: () => {
        void this.open<void>(() => new HelpDialog(COMMANDS, this.keymap));
      },
    };
  }

  /** The terminal went away: stop writing to it, tell the owner, keep the process alive. */
  private hangup(): void {
    if (this.done) return;
    const p = this.screen.program as unknown as Record<string, unknown>;
    const silent = () => true;
    p._owrite = silent;
    p.write = silent;
    p.flush = () => {};
    this.teardown();
    // A late EPIPE on the dead terminal must find a listener, or it would end the process.
    (this.screen.program.output as NodeJS.WritableStream).on('error', () => {});
    this.opts.onExit('hangup');
  }

  close(): void {
    if (this.done) return;
    this.teardown();
  }

  private teardown(): void {
    this.done = true;
    this.unsubscribe();
    this.engine.wantProcesses(false);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    process.removeListener('SIGHUP', this.onHangup);
    try {
      // Restores the terminal (normal screen, cursor, raw mode off); on a hangup its writes go nowhere.
      this.screen.destroy();
    } catch {
      // setRawMode on a vanished tty can throw EIO: nothing left to restore.
    }
    (this.screen.program.output as NodeJS.WritableStream).removeListener('error', this.onStreamError);
    (this.screen.program.input as NodeJS.ReadableStream).removeListener('error', this.onStreamError);
  }
}
