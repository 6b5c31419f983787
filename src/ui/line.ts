// Builds one tagged screen line from painted segments without ever exceeding
// the width: every segment is sanitized, cut to the room left and escaped.
import type { Role, Theme } from './theme.js';
import { displayWidth, escapeTags, sanitize, truncate } from './text.js';

export class LineBuilder {
  private out = '';
  private used = 0;

  constructor(
    private readonly theme: Theme,
    readonly width: number,
  ) {}

  get room(): number {
    return Math.max(0, this.width - this.used);
  }

  /** Appends text (sanitized) in a role; cut with "~" when it does not fit. */
  add(text: string, role?: Role): this {
    if (this.room === 0 || text === '') return this;
    const clean = truncate(sanitize(text), this.room);
    const w = displayWidth(clean);
    const esc = escapeTags(clean);
    this.out += role ? this.theme.paint(role, esc) : esc;
    this.used += w;
    return this;
  }

  /** Appends text only when all of it fits (optional fields on narrow screens). */
  addIfFits(text: string, role?: Role): this {
    if (displayWidth(sanitize(text)) <= this.room) this.add(text, role);
    return this;
  }

  /** Appends already-tagged text whose visible width the caller knows. */
  addTagged(tagged: string, visibleWidth: number): this {
    if (visibleWidth > this.room) return this;
    this.out += tagged;
    this.used += visibleWidth;
    return this;
  }

  /** Pads to the full width, in a role when given (for bars like the footer). */
  toString(fillRole?: Role): string {
    const pad = ' '.repeat(this.room);
    return this.out + (pad && fillRole ? this.theme.paint(fillRole, pad) : pad);
  }
}
