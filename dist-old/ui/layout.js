// Where each pane goes for a terminal size. Fixed rows first (header, memory,
// gauge, footer, status), graphs grow with the height, and the three tables
// share the rest: the kill list gets the most, the scope table no more rows
// than there are scopes.
export function computeLayout(cols, rows, scopeCount, hasStatus) {
    const statusH = hasStatus ? 1 : 0;
    const fixed = 2 + 2 + 2 + 1 + statusH;
    // One text row per graph pair at 24 rows; two from 40 rows, three from 56.
    let graphsH = rows >= 56 ? 12 : rows >= 40 ? 8 : 4;
    // Tables need a header each and at least a few rows; shrink graphs first.
    const minTables = 3 + 6;
    graphsH = Math.max(0, Math.min(graphsH, rows - fixed - minTables));
    const avail = Math.max(0, rows - fixed - graphsH - 3);
    const cg = Math.max(1, Math.min(Math.max(1, scopeCount), Math.max(2, Math.floor(avail * 0.3))));
    const ev = Math.max(1, Math.floor(avail * 0.22));
    const pr = Math.max(1, avail - cg - ev);
    let top = 0;
    const take = (h) => {
        const a = { top, height: Math.max(0, h) };
        top += a.height;
        return a;
    };
    const header = take(2);
    const memory = take(2);
    const gauge = take(2);
    const graphs = take(graphsH);
    const cgroups = take(cg + 1);
    const processes = take(pr + 1);
    const events = take(ev + 1);
    // Status and footer stick to the bottom whatever the tables took.
    const status = { top: rows - 1 - statusH, height: statusH };
    const footer = { top: rows - 1, height: 1 };
    return { width: cols, header, memory, gauge, graphs, cgroups, processes, events, status, footer };
}
