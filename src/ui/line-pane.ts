// A pane drawn as one blessed box per row. blessed re-parses a box's whole
// content when any of it changes; a kill list whose CPU % moved in two rows
// would re-parse and re-render all of them. Here a changed row costs one row,
// and the unchanged ones skip their render (render-gate.ts).
import blessed from 'blessed';
import type { Area } from './layout.js';
import type { RenderGate } from './render-gate.js';

export class LinePane {
  private readonly rows: blessed.Widgets.BoxElement[] = [];
  private readonly texts: string[] = [];

  constructor(
    private readonly screen: blessed.Widgets.Screen,
    private readonly gate: RenderGate,
  ) {}

  /** Shows `lines` in `area`, one per row (missing rows blank, extra lines dropped). */
  set(area: Area, lines: readonly string[]): void {
    for (let i = 0; i < Math.max(area.height, this.rows.length); i++) {
      if (i >= area.height) {
        this.rows[i]!.hide();
        continue;
      }
      const row = this.row(i);
      if (row.top !== area.top + i) row.top = area.top + i;
      const text = lines[i] ?? '';
      if (this.texts[i] !== text) {
        this.texts[i] = text;
        row.setContent(text);
      }
      row.show();
    }
  }

  /** The row's current text (tags included), for error paths that redraw one row. */
  text(i: number): string {
    return this.texts[i] ?? '';
  }

  private row(i: number): blessed.Widgets.BoxElement {
    let r = this.rows[i];
    if (!r) {
      r = blessed.box({ parent: this.screen, top: 0, left: 0, width: '100%', height: 1, tags: true, wrap: false } as blessed.Widgets.BoxOptions);
      this.gate.add(r);
      this.rows[i] = r;
      this.texts[i] = '';
    }
    return r;
  }
}
