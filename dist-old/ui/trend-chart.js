// One chart of the graphs pane: a title row (series names in their line
// colours, latest values) over a blessed-contrib line chart drawing two series
// in braille dots over the trend window.
//
// contrib's line chart is made for tall dashboard boxes; four changes make it
// fit the 3-11 rows a chart gets here, each measured on this version (4.11):
// - Its canvas leaves 2 rows at the bottom and 6 columns at the right unused
//   and puts the x labels and baseline in 3 more rows: a chart 8 rows high drew
//   its data in 3. Here the canvas covers the whole box and 3 more rows below
//   it, where contrib puts its baseline and x labels and blessed clips them, so
//   the data gets every row and the y axis' "0" sits on the last one.
// - It draws the point k at x = k * step + xPadding + 2, so the newest point
//   falls 2 dots beyond the right edge and is lost: the canvas is shifted 2
//   dots left (and cleared over the full width, which contrib's clear misses
//   once shifted).
// - A value equal to maxY lands 2 dots above the canvas: the scale top is
//   raised so that the real top lands on the first row of dots.
// - It re-renders the braille frame on every screen render; here the frame is
//   rebuilt only when a dot changed: the trend gains a point a second, dots
//   stand for round time steps (graph.ts), so most points change no dot or
//   only the newest, and the screen renders on every tick and every key.
// Canvas widgets must be appended to the screen, not created with `parent:`
// (their canvas is made on 'attach'); a new size needs a new canvas, so 'attach'
// is emitted again when the chart is moved or resized.
import blessed from 'blessed';
import line from 'blessed-contrib/lib/widget/charts/line.js';
import { abbreviateNumber } from 'blessed-contrib/lib/utils.js';
import { autoMax, fillGaps, timeBuckets } from './graph.js';
import { chartTitle } from './panes.js';
/** Rows of canvas below the box that hold contrib's baseline and x labels (clipped). */
const HIDDEN_ROWS = 3;
/** contrib puts its plot's bottom this many dots above the canvas bottom. */
const Y_PADDING = 11;
/** contrib draws every value this many dots higher than its scale says. */
const Y_LIFT = 2;
/** contrib starts the data this many dots right of the y axis. */
const X_SHIFT = 2;
/** Below this many columns a chart has no room for its axis label and a line worth reading. */
const MIN_WIDTH = 10;
const RESET_FG = '\x1b[39m';
const BASE = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
/** A theme style's foreground as a canvas colour: the canvas speaks ANSI, not blessed tags. */
export function canvasColor(style) {
    const fg = style.fg;
    if (!fg || fg === 'default')
        return 'normal';
    if (BASE.includes(fg))
        return fg;
    if (fg === 'grey' || fg === 'gray')
        return 8;
    const light = /^(?:light|bright)-(\w+)$/.exec(fg);
    if (light) {
        const i = BASE.indexOf(light[1]);
        if (i >= 0)
            return 8 + i;
        if (light[1] === 'grey' || light[1] === 'gray')
            return 7;
    }
    const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fg);
    if (hex)
        return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
    return 'normal';
}
/**
 * The canvas wraps every dot in its own colour code and reset; blessed parses
 * each one on every screen render. Runs of one colour become one code.
 */
export function mergeColourRuns(frame) {
    let out = '';
    let fg = null;
    let reset = false;
    for (const tok of frame.match(/\x1b\[[0-9;]*m|[^\x1b]+/g) ?? []) {
        if (tok === RESET_FG) {
            reset = true;
            continue;
        }
        const isFg = tok.startsWith('\x1b[3');
        if (reset && isFg && tok === fg) {
            reset = false;
            continue;
        }
        if (reset) {
            out += RESET_FG;
            fg = null;
            reset = false;
        }
        if (isFg)
            fg = tok;
        out += tok;
    }
    return reset ? out + RESET_FG : out;
}
/** The width contrib gives the y label of a scale top (numYLabels 1, minY 0, abbreviate). */
function contribLabelWidth(maxY) {
    const fixed = maxY < 1 && maxY !== 0 ? 2 : 0;
    return String(abbreviateNumber(maxY.toFixed(fixed))).length;
}
export class TrendChart {
    theme;
    title;
    chart;
    geometry = '';
    drawn = '';
    /** What the canvas holds: scale, label and every dot's value. */
    picture = '';
    titleText = '';
    frameStale = true;
    /** Frames rebuilt (redraws of the braille canvas), for tests and benchmarks. */
    redraws = 0;
    constructor(screen, theme) {
        this.theme = theme;
        this.title = blessed.box({ top: 0, left: 0, width: 1, height: 1, tags: true, wrap: false });
        screen.append(this.title);
        const axis = canvasColor(theme.styles.label);
        this.chart = line({
            top: 0,
            left: 0,
            width: 10,
            height: 2,
            // With wrapping on, blessed breaks a row whose last cell is followed by a
            // colour reset and pushes every row below it down by one.
            wrap: false,
            numYLabels: 1,
            abbreviate: true,
            showLegend: false,
            style: { line: canvasColor(theme.styles.graph), text: axis, baseline: axis },
        });
        const chart = this.chart;
        chart.calcSize = () => {
            chart.canvasSize = { width: chart.width * 2, height: (chart.height + HIDDEN_ROWS) * 4 };
        };
        chart.on('attach', () => {
            const ctx = chart.ctx;
            if (!ctx)
                return;
            ctx.translate(-X_SHIFT, 0);
            // The line chart only ever clears the whole canvas; contrib does it by
            // filling two triangles dot by dot (measured: 0.3 ms a frame for four charts).
            const canvas = ctx._canvas;
            ctx.clearRect = () => {
                canvas.content.fill(0);
                canvas.chars.fill(undefined);
            };
            this.frameStale = true;
        });
        chart.render = () => {
            if (this.frameStale && chart.ctx) {
                chart.setContent(mergeColourRuns(chart.ctx._canvas.frame()));
                this.frameStale = false;
                this.redraws++;
            }
            return chart._render();
        };
        screen.append(chart);
    }
    /** Moves and sizes the chart; a new size gets a new canvas and a redraw. */
    place(left, top, width, height) {
        const g = `${left},${top},${width},${height}`;
        if (g === this.geometry)
            return;
        this.geometry = g;
        for (const el of [this.title, this.chart]) {
            el.left = left;
            el.width = Math.max(1, width);
        }
        this.title.top = top;
        this.chart.top = top + 1;
        this.chart.height = Math.max(1, height - 1);
        if (height <= 0)
            this.title.hide();
        else
            this.title.show();
        this.chart.emit('attach');
        this.drawn = '';
        this.picture = '';
    }
    /** Draws the spec if its data or the geometry changed since the last draw. */
    update(spec) {
        const [, , w, h] = this.geometry.split(',').map(Number);
        const key = `${spec.key}|${this.geometry}`;
        if (key === this.drawn)
            return;
        this.drawn = key;
        const title = chartTitle(spec, this.theme, w);
        if (title !== this.titleText) {
            this.titleText = title;
            this.title.setContent(title);
        }
        const rows = h - 1;
        // Too small to draw, or nothing to draw: the title says what there is.
        if (spec.absent || rows < 1 || w < MIN_WIDTH || spec.points.length === 0 || !this.chart.ctx) {
            if (!this.chart.hidden)
                this.chart.hide();
            return;
        }
        // A series with no value at all (available memory of an unlimited cgroup) is
        // left out rather than drawn as a line at 0.
        const drawn = spec.series
            .map((s) => ({ s, raw: spec.points.map(s.pick) }))
            .filter(({ raw }) => raw.some((v) => v !== null && Number.isFinite(v)))
            .map(({ s, raw }) => ({ s, values: fillGaps(raw) }));
        if (drawn.length === 0) {
            if (!this.chart.hidden)
                this.chart.hide();
            return;
        }
        if (this.chart.hidden)
            this.chart.show();
        const max = spec.max ?? autoMax(drawn.flatMap((d) => d.values));
        const top = spec.axis(max);
        const chart = this.chart;
        // The real top on the first dot row: contrib maps maxY to 2 dots above the canvas.
        const plot = chart.canvasSize.height - Y_PADDING;
        const maxY = (max * plot) / (plot - Y_LIFT);
        const labelW = Math.max(top.length, contribLabelWidth(maxY));
        const slots = chart.canvasSize.width - labelW * 2 - X_SHIFT;
        const times = spec.points.map((p) => p.t);
        const lines = drawn.map(({ s, values }) => ({ s, y: timeBuckets(times, values, slots, s.keep) }));
        // Most new points only move the newest dot, or not even that: then the canvas stays.
        const picture = `${this.geometry}|${maxY}|${top}|${lines.map((l) => `${l.s.label}:${l.y.join(',')}`).join(';')}`;
        if (picture === this.picture)
            return;
        this.picture = picture;
        chart.options.maxY = maxY;
        chart.options.xLabelPadding = labelW * 2;
        chart.options.xPadding = labelW * 2 + X_SHIFT;
        chart.setData(lines.map(({ s, y }) => ({ title: s.label, x: y.map(() => ' '), y, style: { line: canvasColor(this.theme.styles[s.role]) } })));
        // contrib labels only the bottom ("0"); the top carries the unit.
        const ctx = chart.ctx;
        ctx.fillStyle = canvasColor(this.theme.styles.label);
        if (rows > 1)
            ctx.fillText(top, X_SHIFT, 0);
        this.frameStale = true;
    }
    hide() {
        this.title.hide();
        this.chart.hide();
    }
}
