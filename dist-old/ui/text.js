// Untrusted text (process names, command lines, cgroup paths, pod names) goes
// through here before it reaches the screen. A name may carry blessed tags
// ("{red-fg}"), raw escape sequences (ESC[2J, the 8-bit CSI U+009B, OSC titles),
// newlines that would cut a table row, bidi overrides that reorder the row,
// and wide characters that would shift every column after them. The result of
// `cell()` is inert (no control characters, braces escaped for tags:true) and
// exactly `width` terminal cells wide.
// C0, DEL and C1 controls: ESC, CR/LF, BEL and the 8-bit CSI/OSC among them.
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;
// Zero-width and format characters (bidi overrides, ZWJ, soft hyphen), combining
// marks and variation selectors: terminals and blessed disagree on their width,
// and bidi controls can make a row display in another order than it is stored.
const ZERO_WIDTH = /[\p{Cf}\p{M}\u{fe00}-\u{fe0f}]/gu;
// A lone surrogate cannot be encoded to the terminal.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Removes everything that could act on the terminal or break alignment. */
export function sanitize(text) {
    return text
        .replace(/\t/g, ' ')
        .replace(CONTROLS, '')
        .replace(LONE_SURROGATE, '\ufffd')
        .replace(ZERO_WIDTH, '');
}
// East Asian Wide and Fullwidth ranges plus the emoji blocks that terminals
// draw two cells wide (xterm.js and blessed's fullUnicode agree on these).
const WIDE = [
    [0x1100, 0x115f],
    [0x231a, 0x231b],
    [0x2329, 0x232a],
    [0x23e9, 0x23ec],
    [0x23f0, 0x23f0],
    [0x23f3, 0x23f3],
    [0x25fd, 0x25fe],
    [0x2614, 0x2615],
    [0x2648, 0x2653],
    [0x267f, 0x267f],
    [0x2693, 0x2693],
    [0x26a1, 0x26a1],
    [0x26aa, 0x26ab],
    [0x26bd, 0x26be],
    [0x26c4, 0x26c5],
    [0x26ce, 0x26ce],
    [0x26d4, 0x26d4],
    [0x26ea, 0x26ea],
    [0x26f2, 0x26f3],
    [0x26f5, 0x26f5],
    [0x26fa, 0x26fa],
    [0x26fd, 0x26fd],
    [0x2705, 0x2705],
    [0x270a, 0x270b],
    [0x2728, 0x2728],
    [0x274c, 0x274c],
    [0x274e, 0x274e],
    [0x2753, 0x2755],
    [0x2757, 0x2757],
    [0x2795, 0x2797],
    [0x27b0, 0x27b0],
    [0x27bf, 0x27bf],
    [0x2b1b, 0x2b1c],
    [0x2b50, 0x2b50],
    [0x2b55, 0x2b55],
    [0x2e80, 0x303e],
    [0x3041, 0x33ff],
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xa000, 0xa4cf],
    [0xa960, 0xa97f],
    [0xac00, 0xd7a3],
    [0xf900, 0xfaff],
    [0xfe10, 0xfe19],
    [0xfe30, 0xfe6f],
    [0xff00, 0xff60],
    [0xffe0, 0xffe6],
    [0x1f004, 0x1f004],
    [0x1f0cf, 0x1f0cf],
    [0x1f18e, 0x1f18e],
    [0x1f191, 0x1f19a],
    [0x1f200, 0x1f251],
    [0x1f300, 0x1f64f],
    [0x1f680, 0x1f6ff],
    [0x1f900, 0x1f9ff],
    [0x1fa70, 0x1faff],
    [0x20000, 0x3fffd],
];
/** Terminal cells one code point takes (after sanitize: 1 or 2). */
export function charWidth(cp) {
    if (cp < 0x1100)
        return 1;
    let lo = 0;
    let hi = WIDE.length - 1;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const [a, b] = WIDE[mid];
        if (cp < a)
            hi = mid - 1;
        else if (cp > b)
            lo = mid + 1;
        else
            return 2;
    }
    return 1;
}
/** Width in terminal cells of already-sanitized text. */
export function displayWidth(text) {
    let w = 0;
    for (const ch of text)
        w += charWidth(ch.codePointAt(0));
    return w;
}
/** Cuts sanitized text to at most `width` cells, marking the cut with "~". */
export function truncate(text, width) {
    if (width <= 0)
        return '';
    if (displayWidth(text) <= width)
        return text;
    let out = '';
    let w = 0;
    for (const ch of text) {
        const cw = charWidth(ch.codePointAt(0));
        if (w + cw > width - 1)
            break;
        out += ch;
        w += cw;
    }
    // A wide char that did not fit leaves one cell more to fill.
    return out + ' '.repeat(width - 1 - w) + '~';
}
/** Sanitized text cut or padded to exactly `width` cells. */
export function fit(text, width, align = 'left') {
    const t = truncate(text, width);
    const gap = Math.max(0, width - displayWidth(t));
    return align === 'left' ? t + ' '.repeat(gap) : ' '.repeat(gap) + t;
}
/** Braces would start blessed tags; blessed renders {open}/{close} as literal braces. */
export function escapeTags(text) {
    return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}
/** Untrusted text made inert and exactly `width` cells wide, ready for a tags:true box. */
export function cell(text, width, align = 'left') {
    return escapeTags(fit(sanitize(text), width, align));
}
/** Untrusted text made inert without a fixed width (free-running lines). */
export function inert(text) {
    return escapeTags(sanitize(text));
}
