// Which terminfo name to hand blessed. blessed 0.1.81 compiles terminfo
// entries into JavaScript and fails on some ncurses 6 entries (measured here:
// xterm-256color -> "Terminfo parse error." and an internal fallback that
// works; screen-256color -> a compile error dumped on stderr; tmux-256color ->
// not found). The names below load cleanly, and every multiplexer and xterm
// clone in use understands the sequences blessed emits for them.
export function resolveTerminal(term) {
    const t = (term ?? '').trim();
    if (t === '' || t === 'dumb')
        return 'xterm';
    // tmux and screen: 'screen' parses; its 8 colours are all the themes need.
    if (/^(screen|tmux)/.test(t))
        return 'screen';
    if (/256col/.test(t))
        return 'xterm-256color';
    if (/^(xterm|rxvt|alacritty|kitty|foot|wezterm|konsole|gnome|vte)/.test(t))
        return 'xterm';
    if (t === 'linux' || t === 'vt100' || t === 'vt220')
        return t;
    return 'xterm';
}
