// Screen-test harness: blessed writes into @xterm/headless through PassThrough
// streams that look like a TTY, so tests read what a real terminal emulator
// shows, cell by cell, and type keys as the byte sequences a terminal sends.
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import xterm from '@xterm/headless';
import { FakeEngine } from './fake-engine.js';
import { runTui, type TuiHandle } from '../../src/ui/tui.js';

export const THEMES_DIR = fileURLToPath(new URL('../../themes', import.meta.url));

/** What an xterm sends for the keys the tests press. */
export const KEYS = {
  f1: '\x1bOP',
  f2: '\x1bOQ',
  f3: '\x1bOR',
  f4: '\x1bOS',
  f6: '\x1b[17~',
  f9: '\x1b[20~',
  f10: '\x1b[21~',
  up: '\x1b[A',
  down: '\x1b[B',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  tab: '\t',
  shiftTab: '\x1b[Z',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

export interface Harness {
  engine: FakeEngine;
  tui: TuiHandle;
  term: InstanceType<typeof xterm.Terminal>;
  input: PassThrough;
  output: PassThrough;
  exits: ('quit' | 'hangup')[];
  /** Every visible line, trailing spaces trimmed. */
  lines(): string[];
  text(): string;
  /** Types keys one at a time (a lone ESC must not merge with the next key). */
  press(...keys: string[]): Promise<void>;
  settle(): Promise<void>;
  resize(cols: number, rows: number): Promise<void>;
  close(): void;
}

export async function startHarness(o: { engine?: FakeEngine; cols?: number; rows?: number; theme?: string; terminal?: string } = {}): Promise<Harness> {
  const cols = o.cols ?? 80;
  const rows = o.rows ?? 24;
  const engine = o.engine ?? new FakeEngine();
  const output = new PassThrough();
  const input = new PassThrough();
  Object.assign(output, { isTTY: true, columns: cols, rows });
  Object.assign(input, { isTTY: true, setRawMode: () => input, isRaw: true });
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  output.on('data', (d: Buffer) => term.write(d.toString('utf8')));
  const exits: ('quit' | 'hangup')[] = [];
  const tui = await runTui(engine, {
    theme: o.theme ?? 'default',
    themesDir: THEMES_DIR,
    terminal: o.terminal ?? 'xterm-256color',
    input,
    output,
    onExit: (r) => exits.push(r),
  });
  const settle = async () => {
    for (let i = 0; i < 4; i++) await new Promise((r) => setImmediate(r));
    await new Promise<void>((r) => term.write('', r));
  };
  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  const h: Harness = {
    engine,
    tui,
    term,
    input,
    output,
    exits,
    lines,
    text: () => lines().join('\n'),
    settle,
    press: async (...keys) => {
      for (const k of keys) {
        input.write(k);
        await settle();
      }
    },
    resize: async (c, r) => {
      Object.assign(output, { columns: c, rows: r });
      term.resize(c, r);
      output.emit('resize');
      await settle();
    },
    close: () => tui.close(),
  };
  await settle();
  return h;
}
