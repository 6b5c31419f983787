// The renderer's own floor for the TUI CPU benchmark (tui-cpu.bench.ts): a
// bare blessed screen, set up as oomtop's (fullUnicode, smartCSR, tags), with
// eight boxes of five rows each whose every row changes once a second, i.e.
// blessed doing nothing but parse and draw a full 40-row screen of changes at
// htop's refresh. Not an oomtop code path: it tells what any blessed TUI at
// this refresh costs here, measured in the same run as htop and oomtop.
// Plain JavaScript, so that it runs on bare node as oomtop's dist/ does.
import blessed from 'blessed';

const ROWS_PER_BOX = 5;
const screen = blessed.screen({ fullUnicode: true, smartCSR: true, autoPadding: false, terminal: 'xterm-256color' });
const boxes = Array.from({ length: 8 }, (_, i) =>
  blessed.box({ parent: screen, top: i * ROWS_PER_BOX, left: 0, width: '100%', height: ROWS_PER_BOX, tags: true, wrap: false }),
);
let n = 0;
function fill() {
  boxes.forEach((b, i) => {
    const lines = [];
    for (let r = 0; r < ROWS_PER_BOX; r++) {
      lines.push(`{green-fg}row ${r}{/green-fg} {bold}${(n * 7 + i * 13 + r) % 1000}{/bold} ${'x'.repeat(40)} {red-fg}${n}{/red-fg} ${'y'.repeat(30)} {blue-fg}${i}{/blue-fg}`);
    }
    b.setContent(lines.join('\n'));
  });
  screen.render();
}
fill();
setInterval(() => {
  n++;
  fill();
}, 1000);
screen.key(['q', 'C-c'], () => process.exit(0));
