// blessed-contrib ships an index.d.ts that fails a strict check. oomtop loads
// only the line chart and its number formatter by path (the package index pulls
// in every widget: measured 205 ms and 64 MB RSS against 109 ms and 55 MB for
// the line chart alone), so only those two modules are declared, and only the
// parts oomtop uses.

declare module 'blessed-contrib/lib/widget/charts/line.js' {
  import type { Widgets } from 'blessed';

  /** A named colour (8 base colours or "normal"), an xterm-256 index, or [r, g, b]. */
  export type CanvasColor = string | number | [number, number, number];

  export interface LineSeries {
    title: string;
    /** One x label per value; the line spreads y over x.length positions. */
    x: string[];
    y: number[];
    style?: { line?: CanvasColor };
  }

  export interface LineOptions extends Widgets.BoxOptions {
    /** Top of the y scale; 0 or absent means the data maximum plus 20 %. */
    maxY?: number;
    minY?: number;
    numYLabels?: number;
    /** Canvas pixels left of the y axis. */
    xPadding?: number;
    /** Canvas pixels reserved for y labels. */
    xLabelPadding?: number;
    abbreviate?: boolean;
    wholeNumbersOnly?: boolean;
    showLegend?: boolean;
    style?: { line?: CanvasColor; text?: CanvasColor; baseline?: CanvasColor };
  }

  /** The drawille canvas 2D-context subset a line chart draws with. */
  export interface CanvasContext {
    fillStyle: CanvasColor;
    strokeStyle: CanvasColor;
    clearRect(x: number, y: number, w: number, h: number): void;
    fillText(text: string, x: number, y: number): void;
    translate(x: number, y: number): void;
    /** The braille canvas: dot bits and text per cell; frame() is every cell's text, rows joined by "\n". */
    _canvas: { content: Uint8Array; chars: (string | null | undefined)[]; frame(): string };
  }

  export interface LineElement extends Widgets.BoxElement {
    options: LineOptions;
    /** Set on 'attach' (created with the canvas); absent before. */
    ctx?: CanvasContext;
    canvasSize: { width: number; height: number };
    calcSize(): void;
    setData(series: LineSeries[]): void;
    /** Box rendering without the canvas step. */
    _render(): ReturnType<Widgets.BoxElement['render']>;
  }

  function line(options: LineOptions): LineElement;
  export default line;
}

declare module 'blessed-contrib/lib/utils.js' {
  /** "25769803776" -> "26b": how a line chart prints y labels with abbreviate:true. */
  export function abbreviateNumber(value: string | number): string | number;
}
