// Decision quality over the labelled corpus (test/fixtures/traces, recorded
// on this machine by test/corpus/record-corpus.ts): every trace replayed at
// each level with test/fixtures/traces/policy.yaml.
//   - false kills: any would-kill on a benign trace (target 0 at every level);
//   - missed: a near-OOM trace with no would-kill before its kernel OOM (or at all) (target 0);
//   - lead time of the first would-kill before the stall onset (low >= 5 s,
//     medium >= 2 s) and before the kernel OOM (high > 0);
//   - calibration: Brier score of the per-sample probability against "the
//     labelled episode (stall onset .. kernel OOM) falls within the level's
//     horizon", with a reliability table.
// Prints the tables and writes test/bench/results/decisions.{json,md}.
//   node --import tsx test/bench/decisions.bench.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEVELS } from '../../src/policy/types.js';
import { LEVEL_PARAMS } from '../../src/predict/predictor.js';
import { readTrace, type Trace } from '../../src/sample/trace.js';
import {
  evaluateLevel,
  LEAD_TARGET_MS,
  leadTargetMet,
  listTraces,
  MIN_DETECT_MS,
  roomNeededMs,
  TRACES_DIR,
  type LevelEval,
  type TraceEval,
} from '../corpus/evaluate.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

const s = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));
/** Trace name with its subdirectory (full-baseline/...), without the extension. */
const traceName = (path: string) => path.slice(TRACES_DIR.length).replace('.trace.gz', '');

function outcome(e: TraceEval): string {
  if (!e.killJustified) return e.falseKill ? 'FALSE KILL' : 'no kill (right)';
  if (e.missed) return 'MISSED';
  // No valid reference (no kernel OOM, and the only probe gap came before the hog): nothing to measure the lead against.
  if (e.leadMs === null) return 'killed (no reference)';
  if (!e.room) return `no room (${leadTargetMet(e) ? 'met anyway' : 'short'})`;
  return leadTargetMet(e) ? 'met' : 'SHORT';
}

function traceTable(ev: LevelEval): string {
  const rows = [
    '| trace | justified | stall onset, s | kernel OOM, s | reference after cause, s (room needs) | first would-kill, s | lead, s (vs) | target | max p |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  ev.traces.forEach((e) => {
    // Times from the hog's start (the cause) in runs with a hog, from the trace's start otherwise.
    const fromHog = (t: number | null) => (t === null ? '-' : s(t - (e.hogStart ?? e.start)));
    const room = e.killJustified ? `${s(e.refAfterCauseMs)} (${s(roomNeededMs(ev.level))})` : '-';
    rows.push(
      `| ${e.trace.replace('.trace.gz', '')} | ${e.killJustified ? 'yes' : 'no'} | ${fromHog(e.stallOnset)} | ${fromHog(e.kernelOom)} | ${room} | ${fromHog(e.firstKill)} | ${e.leadMs === null ? '-' : `${s(e.leadMs)} (${e.leadRef})`} | ${outcome(e)} | ${e.maxP.toFixed(2)} |`,
    );
  });
  return rows.join('\n');
}

function reliabilityTable(evals: LevelEval[]): string {
  const rows = [`| predicted p | ${evals.map((e) => `${e.level}: n / mean p / observed`).join(' | ')} |`, `|---|${evals.map(() => '---').join('|')}|`];
  for (let i = 0; i < 10; i++) {
    const cells = evals.map((e) => {
      const b = e.reliability[i]!;
      return b.n ? `${b.n} / ${b.meanP!.toFixed(2)} / ${b.observed!.toFixed(2)}` : '0';
    });
    rows.push(`| ${(i / 10).toFixed(1)}-${((i + 1) / 10).toFixed(1)} | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

function summaryTable(evals: LevelEval[]): string {
  const rows = [
    '| level | traces (justified / benign) | false kills | missed | lead target | with room (room needs) | lead min / median with room, s | traces with room short of the target | no room: lead min / median, s | kills before the hog started | Brier (base rate) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const e of evals) {
    const just = e.traces.filter((t) => t.killJustified);
    const withRoom = just.filter((t) => t.room).length;
    const noRoomLeads = just.filter((t) => !t.room && t.refAfterCauseMs !== null && !t.missed && t.leadMs !== null).map((t) => t.leadMs!).sort((a, b) => a - b);
    const noRoom = noRoomLeads.length ? `${s(noRoomLeads[0]!)} / ${s(noRoomLeads[Math.floor(noRoomLeads.length / 2)]!)}` : '-';
    rows.push(
      `| ${e.level} | ${e.traces.length} (${just.length} / ${e.traces.length - just.length}) | ${e.falseKills} | ${e.missed} | ${e.level === 'high' ? '> 0 s before kernel OOM' : `>= ${LEAD_TARGET_MS[e.level] / 1000} s before stall`} | ${withRoom} (>= ${s(roomNeededMs(e.level))} s) | ${s(e.minRoomLeadMs)} / ${s(e.medianRoomLeadMs)} | ${e.short.length ? e.short.join(', ') : 'none'} | ${noRoom} | ${e.killsBeforeHog} | ${e.brier.toFixed(3)} (${e.brierBaseRate.toFixed(3)}) |`,
    );
  }
  return rows.join('\n');
}

function roomText(evals: LevelEval[]): string {
  const lines = [
    `**The room rule.** A near-OOM trace's lead counts against the level's target only when its reference (the stall onset at low and medium, the kernel OOM at high; the other when one is missing) came at least *target + minimal detection time* after the cause (the hog's start). The minimal detection time is ${s(MIN_DETECT_MS)} s: the longest growth a benign scenario makes (allocfree: 150 MiB at 100 MiB/s), computed from the scenario definitions; while a growth is younger than that it is indistinguishable from a benign one. So a trace has room when its reference came >= ${evals.map((e) => `${s(roomNeededMs(e.level))} s (${e.level})`).join(', ')} after the hog started. Traces without room are still replayed for false kills, misses and Brier, and their lead is shown, outside the target.`,
    '',
  ];
  for (const e of evals) {
    lines.push(`- ${e.level}: no room: ${e.noRoom.length ? e.noRoom.join(', ') : 'none'}; no reference (no kernel OOM, no stall after the hog): ${e.noReference.join(', ') || 'none'}`);
  }
  return lines.join('\n');
}

function corpusTable(paths: string[], traces: Map<string, Trace>): string {
  const rows = ['| trace | scenario | limit | samples | duration, s | bytes | bytes/hour | probe worst gap, ms | gaps > 100 ms |', '|---|---|---|---|---|---|---|---|---|'];
  const recordings = new Map<string, { bytes: number; bytesPerHour: number }>();
  try {
    for (const line of readFileSync(join(TRACES_DIR, 'recordings.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as { trace: string; bytes: number; bytesPerHour: number };
      recordings.set(r.trace, r);
    }
  } catch {
    // sizes only
  }
  for (const p of paths) {
    const t = traces.get(p)!;
    const name = p.slice(TRACES_DIR.length);
    const l = t.header.labels!;
    const dur = (t.samples[t.samples.length - 1]!.t - t.samples[0]!.t) / 1000;
    const rec = recordings.get(name);
    const bytes = rec?.bytes ?? readFileSync(p).length;
    const limit = `${Math.round(l.limitBytes / 2 ** 20)} MiB`;
    rows.push(
      `| ${traceName(p)} | ${l.scenario} | ${limit} | ${t.samples.length} | ${dur.toFixed(1)} | ${bytes} | ${Math.round((bytes / dur) * 3600)} | ${l.facts?.probeWorstGapMs ?? '-'} | ${l.facts?.probeGapsOver100ms ?? '-'} |`,
    );
  }
  return rows.join('\n');
}

function main(): void {
  const paths = listTraces();
  if (paths.length === 0) throw new Error(`no traces in ${TRACES_DIR}`);
  const traces = new Map(paths.map((p) => [p, readTrace(p)] as const));
  const started = performance.now();
  const evals = LEVELS.map((level) => evaluateLevel(paths, level, traces));
  const replayMs = performance.now() - started;
  const samples = [...traces.values()].reduce((n, t) => n + t.samples.length, 0);

  const md = [
    '## Decision quality (test/bench/decisions.bench.ts)',
    '',
    `${paths.length} traces recorded on this machine (${samples} samples), each replayed at every level in ${(replayMs / 1000).toFixed(1)} s in all.`,
    'Lead times are measured from the first would-kill to the stall onset (the probe\'s first gap over 100 ms) at low and medium, and to the kernel OOM kill at high (the other label when one is missing). Times in the per-level tables count from the hog start (the cause) in runs with a hog, from the trace start otherwise: they show how much time the physics left.',
    '',
    summaryTable(evals),
    '',
    roomText(evals),
    '',
    ...evals.flatMap((e) => [`### Level ${e.level} (act at p >= ${LEVEL_PARAMS[e.level].act}, horizon ${LEVEL_PARAMS[e.level].horizonSec} s, hold ${s(LEVEL_PARAMS[e.level].holdMs)} s)`, '', traceTable(e), '']),
    '### Calibration: reliability (per covered sample)',
    '',
    'Outcome of a sample: the labelled episode of a justified run (from its stall onset or kernel OOM, whichever is first, to its kernel OOM or the end of the run) begins within the level\'s horizon or is under way. Benign runs have no episode.',
    '',
    reliabilityTable(evals),
    '',
    '### The corpus',
    '',
    corpusTable(paths, traces),
    '',
  ].join('\n');

  console.log(md);
  mkdirSync(RESULTS, { recursive: true });
  const json = {
    when: new Date().toISOString(),
    traces: paths.length,
    samples,
    replayMs: Math.round(replayMs),
    levels: evals.map((e) => ({ ...e, traces: e.traces })),
    leadTargetsMs: LEAD_TARGET_MS,
    minDetectMs: MIN_DETECT_MS,
    params: LEVEL_PARAMS,
  };
  writeFileSync(join(RESULTS, 'decisions.json'), `${JSON.stringify(json, null, 2)}\n`);
  const model = readModelText();
  writeFileSync(join(RESULTS, 'decisions.md'), `${model}${md}`);
}

/** The model's explanation (hand-written, test/corpus/MODEL.md) goes above the generated tables. */
function readModelText(): string {
  try {
    return `${readFileSync(fileURLToPath(new URL('../corpus/MODEL.md', import.meta.url)), 'utf8').trimEnd()}\n\n`;
  } catch {
    return '';
  }
}

main();
