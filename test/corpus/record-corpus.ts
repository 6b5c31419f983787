// Records the decision corpus: each scenario runs live in a test memcg with NO
// killer, while `record()` writes every sample (100 ms cadence) to a trace.
// The labels are measured in the same run and attached to the trace header
// afterwards (the samples are left byte for byte as recorded).
//
//   node --import tsx test/corpus/record-corpus.ts [--rounds N] [scenario...]   (root)
//
// Writes test/fixtures/traces/<scenario>-<n>.trace.gz (n: the next free
// number) and appends a summary line per trace to test/fixtures/traces/recordings.jsonl.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { record } from '../../src/app/record.js';
import { readTrace, type TraceLabels } from '../../src/sample/trace.js';
import type { ProcessReading } from '../../src/host/types.js';
import { liveSupport, nowMs, runBenign, runScenario, type ScenarioResult } from '../live/harness.js';
import { exactPath } from '../live/oomtop.js';
import { SCENARIOS, type CorpusScenario } from './scenarios.js';
import { stallOnsetAfter } from './labels.js';

export const TRACES_DIR = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));
const POLICY = join(TRACES_DIR, 'policy.yaml');

/** The corpus policy with the cgroup match narrowed to this run's cgroup: other live runs on the host are not recorded every tick. */
function recordingPolicy(cgroupPath: string): string {
  const text = readFileSync(POLICY, 'utf8');
  const narrowed = text.replace("path: '^/oomtop-test-'", () => `path: '${exactPath(cgroupPath)}'`);
  if (narrowed === text) throw new Error(`${POLICY}: cgroup match not found`);
  return narrowed;
}

function nextPath(name: string): string {
  for (let n = 1; ; n++) {
    const p = join(TRACES_DIR, `${name}-${n}.trace.gz`);
    if (!existsSync(p)) return p;
  }
}

/** Replaces the header line of a gzip'd trace, keeping every sample line as recorded. */
function attachLabels(path: string, labels: TraceLabels): void {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const nl = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, nl)) as Record<string, unknown>;
  writeFileSync(path, gzipSync(`${JSON.stringify({ ...header, labels })}${text.slice(nl)}`, { level: 9 }));
}

async function recordOne(sc: CorpusScenario, log: (m: string) => void): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'oomtop-corpus-'));
  const out = join(tmp, 'trace.gz');
  const ac = new AbortController();
  let recording: ReturnType<typeof record> | null = null;
  // performance.now() (the sample clock) and CLOCK_MONOTONIC (the harness) differ by a constant: measure it once.
  const monoMinusSample = nowMs() - performance.now();
  const toSample = (monoMs: number) => Math.round(monoMs - monoMinusSample);
  try {
    const hooks = {
      afterSteady(ctx: { cgroupPath: string }) {
        const cfg = join(tmp, 'policy.yaml');
        writeFileSync(cfg, recordingPolicy(ctx.cgroupPath));
        // Replay ranks victims from the test cgroup's rows only: the host's other processes would only bloat the trace.
        const inCgroup = (p: ProcessReading) => p.cgroup === ctx.cgroupPath || p.cgroup.startsWith(`${ctx.cgroupPath}/`);
        recording = record({ config: cfg, out, processFilter: inCgroup }, ac.signal);
      },
      async beforeStop() {
        ac.abort();
        await recording;
      },
    };
    const common = { name: `corpus-${sc.name}`, log, hooks };
    const r: ScenarioResult =
      sc.run.kind === 'stall' ? await runScenario({ ...sc.run.opts, ...common }) : await runBenign({ ...sc.run.opts, ...common });
    const rec = await recording!;
    const starved = starvedSampler(out);
    if (starved) {
      log(`DISCARDED, not kept: ${starved}`);
      return;
    }
    const labels = buildLabels(sc, r, toSample);
    const dest = nextPath(sc.name);
    writeFileSync(dest, readFileSync(out));
    attachLabels(dest, labels);
    const bytes = statSync(dest).size;
    const line = {
      trace: dest.slice(TRACES_DIR.length),
      scenario: sc.name,
      recordedAt: new Date(r.startWallMs).toISOString(),
      samples: rec.samples,
      seconds: Number(rec.seconds.toFixed(1)),
      bytes,
      bytesPerHour: Math.round((bytes / rec.seconds) * 3600),
      labels,
    };
    appendFileSync(join(TRACES_DIR, 'recordings.jsonl'), `${JSON.stringify(line)}\n`);
    log(`${line.trace}: ${rec.samples} samples, ${(bytes / 1024).toFixed(0)} KiB, stall ${labels.stallOnset}, oom ${labels.kernelOom}, ${JSON.stringify(labels.facts)}`);
  } finally {
    ac.abort();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A recording whose own sampler was starved (the host overloaded by other
 * jobs: median interval over 150 ms instead of 100, p90 over 200 ms, or a
 * hole over 2 s) does
 * not show what oomtop would have seen: run it again rather than keep it.
 */
function starvedSampler(path: string): string | null {
  const ts = readTrace(path).samples.map((x) => x.t);
  const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
  if (gaps.length < 10) return `only ${ts.length} samples`;
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const worst = sorted[sorted.length - 1]!;
  const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
  if (median > 150 || p90 > 200 || worst > 2000) {
    return `sampler starved: intervals median ${median.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms, worst ${worst.toFixed(0)} ms`;
  }
  return null;
}

function buildLabels(sc: CorpusScenario, r: ScenarioResult, toSample: (mono: number) => number): TraceLabels {
  // The harness reports ms after its t0 (CLOCK_MONOTONIC).
  const fromT0 = (ms: number | null) => (ms === null ? null : toSample(r.t0MonoMs + ms));
  // The stall of a run with a hog is the first gap after the hog started; earlier gaps are host noise (kept in facts).
  const onset = stallOnsetAfter(r.probe, r.t0MonoMs + (r.hogStartMs ?? 0));
  const anyGap = stallOnsetAfter(r.probe, r.t0MonoMs);
  const hog = r.processes.filter((p) => p.role === 'hog');
  const firstHogDeath = hog.filter((p) => p.died && p.diedAtMs !== null).map((p) => p.diedAtMs!);
  return {
    scenario: sc.name,
    cgroup: r.cgroupPath,
    limitBytes: r.limitBytes,
    stallOnset: onset ? toSample(onset.monoMs) : null,
    kernelOom: fromT0(r.firstKernelOomMs),
    killJustified: sc.killJustified,
    facts: {
      what: sc.what,
      stallOnsetPrecision: onset?.precision ?? null,
      stallOnsetGapMs: onset ? Math.round(onset.gapMs) : null,
      firstGapOver100msAfterStart: anyGap ? toSample(anyGap.monoMs) : null,
      hogStart: fromT0(r.hogStartMs),
      hogDeath: firstHogDeath.length ? fromT0(Math.min(...firstHogDeath)) : null,
      runEnd: fromT0(r.durationMs),
      kernelOomKills: r.kernelOomKills,
      probeWorstGapMs: r.probe ? Math.round(r.probe.worstGapMs) : null,
      probeGapsOver100ms: r.probe?.gapsOver100ms ?? null,
      probeWorstGapBeforeHogMs: r.probeWorstGapBeforeHogMs,
      peakRssMiB: Math.round(r.memcg.peakRssBytes / 2 ** 20),
      peakDirtyMiB: Math.round(r.memcg.peakDirtyBytes / 2 ** 20),
      minMappedFileAfterHogMiB: r.memcg.minMappedFileAfterHogBytes === null ? null : Math.round(r.memcg.minMappedFileAfterHogBytes / 2 ** 20),
      failcnt: r.memcg.failcnt,
      stopReason: r.stopReason,
    },
  };
}

async function main(): Promise<void> {
  const support = liveSupport();
  if (!support.ok) {
    console.error(`cannot record the corpus: ${support.reason}`);
    process.exit(2);
  }
  const args = process.argv.slice(2);
  let rounds = 1;
  const ri = args.indexOf('--rounds');
  if (ri >= 0) {
    rounds = Number(args[ri + 1]);
    args.splice(ri, 2);
  }
  const chosen = args.length ? SCENARIOS.filter((s) => args.includes(s.name)) : SCENARIOS;
  const unknown = args.filter((a) => !SCENARIOS.some((s) => s.name === a));
  if (unknown.length) throw new Error(`unknown scenarios: ${unknown.join(', ')}`);
  for (let round = 1; round <= rounds; round++) {
    for (const sc of chosen) {
      const log = (m: string) => console.log(`[${sc.name} ${round}/${rounds}] ${m}`);
      await recordOne(sc, log);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
