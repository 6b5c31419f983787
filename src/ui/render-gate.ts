// blessed re-renders every element on every screen.render(): it re-parses the
// SGR codes of all content and writes every cell into its line buffer, even
// when nothing changed; only the final diff against the terminal is
// incremental. Measured here (120x40, 60 s, next to htop -d 10): a bare blessed
// screen of 40 rows costs 0.13 % of a core with no render, 0.35 % rendering
// the same content once a second and 0.93 % when every row changes (htop:
// 0.68-0.82 % in the same runs). With one row per box (line-pane.ts) most
// elements are unchanged on a tick, and their cells from the last render are
// still in blessed's buffer: the gate lets them skip their render.
//
// An element renders again when blessed itself says it changed ('set content',
// 'move', 'resize', 'show', 'hide'), when its owner says so (a chart's new
// frame), and all elements do after anything that clears cells that are not
// their own: the first render, a screen resize (blessed reallocates the
// buffer) and a dialog that opens, moves or closes above them.
import type blessed from 'blessed';

type Element = blessed.Widgets.BlessedElement;

const CHANGE_EVENTS = ['set content', 'move', 'resize', 'show', 'hide'];

export class RenderGate {
  private all = true;
  private readonly dirty = new Set<Element>();
  /** Element renders let through and skipped since start (tests and benchmarks). */
  rendered = 0;
  skipped = 0;

  constructor(screen: blessed.Widgets.Screen) {
    const s = screen as unknown as { alloc: (dirty?: boolean) => void };
    const alloc = s.alloc.bind(screen);
    // A new line buffer (resize, realloc) holds no cells of any element.
    s.alloc = (d?: boolean) => {
      this.all = true;
      alloc(d);
    };
    screen.on('render', () => {
      this.all = false;
      this.dirty.clear();
    });
  }

  /** Lets `el` skip renders while nothing about it changed. */
  add(el: Element): void {
    for (const ev of CHANGE_EVENTS) el.on(ev, () => this.dirty.add(el));
    const e = el as unknown as { render: () => unknown; lpos?: unknown; hidden: boolean };
    const render = e.render.bind(el);
    e.render = () => {
      if (!this.all && !this.dirty.has(el) && e.lpos && !e.hidden) {
        this.skipped++;
        return e.lpos;
      }
      this.rendered++;
      return render();
    };
  }

  /** `el` renders on the next pass. */
  mark(el: Element): void {
    this.dirty.add(el);
  }

  /** Every element renders on the next pass (something cleared cells across them). */
  markAll(): void {
    this.all = true;
  }

  /** Marks everything when `el` (an overlay) changes what it covers. */
  overlay(el: Element): void {
    for (const ev of CHANGE_EVENTS) el.on(ev, () => this.markAll());
  }
}
