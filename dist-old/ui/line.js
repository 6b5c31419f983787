import { displayWidth, escapeTags, sanitize, truncate } from './text.js';
export class LineBuilder {
    theme;
    width;
    out = '';
    used = 0;
    constructor(theme, width) {
        this.theme = theme;
        this.width = width;
    }
    get room() {
        return Math.max(0, this.width - this.used);
    }
    /** Appends text (sanitized) in a role; cut with "~" when it does not fit. */
    add(text, role) {
        if (this.room === 0 || text === '')
            return this;
        const clean = truncate(sanitize(text), this.room);
        const w = displayWidth(clean);
        const esc = escapeTags(clean);
        this.out += role ? this.theme.paint(role, esc) : esc;
        this.used += w;
        return this;
    }
    /** Appends text only when all of it fits (optional fields on narrow screens). */
    addIfFits(text, role) {
        if (displayWidth(sanitize(text)) <= this.room)
            this.add(text, role);
        return this;
    }
    /** Appends already-tagged text whose visible width the caller knows. */
    addTagged(tagged, visibleWidth) {
        if (visibleWidth > this.room)
            return this;
        this.out += tagged;
        this.used += visibleWidth;
        return this;
    }
    /** Pads to the full width, in a role when given (for bars like the footer). */
    toString(fillRole) {
        const pad = ' '.repeat(this.room);
        return this.out + (pad && fillRole ? this.theme.paint(fillRole, pad) : pad);
    }
}
