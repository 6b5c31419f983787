// Modal dialogs as small key-driven state machines that render to lines.
// The TUI shows the top one in a box and routes every key to it; no blessed
// widget owns input, so behaviour is the same in tests and on a real terminal.
import type { ChoiceOption, Command } from '../app/commands.js';
import { keyLabel, keysOf, type Keymap } from '../app/keymap.js';
import { LineBuilder } from './line.js';
import { cell } from './text.js';
import type { Theme } from './theme.js';

export interface KeyPress {
  ch: string | undefined;
  name: string | undefined;
  full: string;
}

export abstract class Dialog {
  abstract readonly title: string;
  closed = false;
  /** Set by the host: called once when the dialog finishes. */
  onClose: () => void = () => {};
  /** Preferred inner width (the host clamps it to the screen). */
  width = 60;

  abstract key(k: KeyPress): void;
  abstract lines(width: number, theme: Theme): string[];

  protected close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}

/** A single printable character typed (or pasted one at a time); controls never enter a field. */
export function typedChar(k: KeyPress): string | null {
  const ch = k.ch;
  if (!ch || ch.length === 0) return null;
  if (/[\x00-\x1f\x7f-\x9f]/.test(ch)) return null;
  return ch;
}

/** One-line text editing shared by prompts and the rule form: the new value, or null when the key is not an edit. */
export function editText(value: string, k: KeyPress): string | null {
  if (k.full === 'backspace') return [...value].slice(0, -1).join('');
  if (k.full === 'C-u') return '';
  if (k.full === 'C-w') return value.replace(/\S*\s*$/, '');
  const ch = typedChar(k);
  return ch === null ? null : value + ch;
}

export class ConfirmDialog extends Dialog {
  constructor(
    readonly title: string,
    private readonly text: string[],
    private readonly resolve: (yes: boolean) => void,
  ) {
    super();
    // Wide enough for a command line or a rule on one line at 80 columns.
    this.width = 76;
  }

  key(k: KeyPress): void {
    // Only an explicit "y" confirms: Enter held down or typed ahead must not arm or kill.
    if (k.ch === 'y' || k.ch === 'Y') {
      this.close();
      this.resolve(true);
    } else if (k.ch === 'n' || k.ch === 'N' || k.full === 'escape' || k.ch === 'q') {
      this.close();
      this.resolve(false);
    }
  }

  lines(width: number, theme: Theme): string[] {
    return [...this.text.map((l) => cell(l, width)), '', theme.paint('label', cell('[y] yes   [n]/Esc no', width))];
  }
}

export class ChoiceDialog<T extends string> extends Dialog {
  private index: number;

  constructor(
    readonly title: string,
    private readonly options: ChoiceOption<T>[],
    initial: T | undefined,
    private readonly resolve: (v: T | null) => void,
  ) {
    super();
    this.index = Math.max(0, options.findIndex((o) => o.value === initial));
  }

  key(k: KeyPress): void {
    if (k.full === 'up') this.index = Math.max(0, this.index - 1);
    else if (k.full === 'down' || k.full === 'tab') this.index = Math.min(this.options.length - 1, this.index + 1);
    else if (k.full === 'enter') this.pick(this.options[this.index]!.value);
    else if (k.full === 'escape' || k.ch === 'q') {
      this.close();
      this.resolve(null);
    } else {
      const hit = this.options.find((o) => o.key !== undefined && o.key === k.ch);
      if (hit) this.pick(hit.value);
    }
  }

  private pick(v: T): void {
    this.close();
    this.resolve(v);
  }

  lines(width: number, theme: Theme): string[] {
    const out = this.options.map((o, i) => {
      const text = cell(`${i === this.index ? '>' : ' '} ${o.key ? `[${o.key}] ` : ''}${o.label}`, width);
      return i === this.index ? theme.paint('selected', text) : text;
    });
    out.push('', theme.paint('label', cell('Up/Down, Enter or the key in brackets; Esc cancels', width)));
    return out;
  }
}

export class PromptDialog extends Dialog {
  private value: string;
  private error: string | null = null;

  constructor(
    readonly title: string,
    initial: string,
    private readonly opts: { validate?(text: string): string | null; onChange?(text: string): void },
    private readonly resolve: (v: string | null) => void,
  ) {
    super();
    this.value = initial;
    this.error = opts.validate?.(initial) ?? null;
  }

  key(k: KeyPress): void {
    if (k.full === 'escape') {
      this.close();
      this.resolve(null);
      return;
    }
    if (k.full === 'enter') {
      if (this.error) return;
      this.close();
      this.resolve(this.value);
      return;
    }
    const next = editText(this.value, k);
    if (next === null) return;
    this.value = next;
    this.error = this.opts.validate?.(next) ?? null;
    this.opts.onChange?.(next);
  }

  lines(width: number, theme: Theme): string[] {
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
  readonly title = 'oomtop keys';
  private offset = 0;
  private lastHeight = 10;

  constructor(
    private readonly commands: readonly Command[],
    private readonly keymap: Keymap,
  ) {
    super();
    this.width = 76;
  }

  private rows(): { keys: string; title: string }[] {
    return this.commands
      .map((c) => ({ keys: keysOf(this.keymap, c.id).map(keyLabel).join(' '), title: c.title }))
      .filter((r) => r.keys !== '');
  }

  key(k: KeyPress): void {
    const n = this.rows().length;
    if (k.full === 'down') this.offset = Math.min(Math.max(0, n - this.lastHeight), this.offset + 1);
    else if (k.full === 'up') this.offset = Math.max(0, this.offset - 1);
    else if (k.full === 'pagedown' || k.full === 'space') this.offset = Math.min(Math.max(0, n - this.lastHeight), this.offset + this.lastHeight);
    else if (k.full === 'pageup') this.offset = Math.max(0, this.offset - this.lastHeight);
    else this.close(); // any other key (Esc, q, ?, F1, Enter) closes help, as in htop
  }

  /** Rows of help that fit in `height`. */
  linesFor(width: number, height: number, theme: Theme): string[] {
    this.lastHeight = Math.max(1, height - 2);
    const rows = this.rows();
    const keyW = Math.min(24, Math.max(...rows.map((r) => r.keys.length)) + 1);
    const body = rows.slice(this.offset, this.offset + this.lastHeight).map((r) => theme.paint('footerKey', cell(r.keys, keyW)) + cell(` ${r.title}`, width - keyW));
    return [...body, '', theme.paint('label', cell('Up/Down scroll, any other key closes', width))];
  }

  lines(width: number, theme: Theme): string[] {
    return this.linesFor(width, this.lastHeight + 2, theme);
  }
}
