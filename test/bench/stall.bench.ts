// The stall scenario's worst probe gap with and without oomtop, in one run,
// as a ratio (target: oomtop <= 1/10 of the baseline). Needs root and the
// v1 memory controller; several rounds, because single stalls vary a lot.
import { liveSupport, runScenario, writeResult } from '../live/harness.js';
import { cliBuilt, runWithOomtop } from '../live/oomtop.js';

const ROUNDS = Number(process.env.STALL_ROUNDS ?? 3);
const support = liveSupport();
if (!support.ok || !cliBuilt()) {
  console.log(`stall bench skipped: ${support.ok ? 'dist/cli.js not built' : support.reason}`);
  process.exit(0);
}
const rounds = [];
for (let i = 0; i < ROUNDS; i++) {
  const base = await runScenario({ name: `bench-base-${i}` });
  const armed = await runWithOomtop('stall', { name: `bench-armed-${i}` });
  const kills = armed.events.filter((e) => e.type === 'kill');
  const round = {
    baseline: { worstGapMs: base.probe?.worstGapMs ?? null, gapsOver100ms: base.probe?.gapsOver100ms ?? null, kernelOomAfterHogMs: base.firstKernelOomAfterHogMs },
    oomtop: {
      worstGapMs: armed.result.probe?.worstGapMs ?? null,
      gapsOver100ms: armed.result.probe?.gapsOver100ms ?? null,
      kernelOomKills: armed.result.kernelOomKills,
      kills: kills.map((k) => ({ victim: k.victim?.name, signal: k.signal, outcome: k.outcome, totalMs: k.timings.totalMs ?? null })),
      hogDiedAfterHogMs: armed.result.processes.find((p) => p.role === 'hog')?.diedAfterHogMs ?? null,
    },
    ratio: base.probe && armed.result.probe ? armed.result.probe.worstGapMs / base.probe.worstGapMs : null,
  };
  rounds.push(round);
  console.log(
    `round ${i + 1}: baseline worst gap ${round.baseline.worstGapMs?.toFixed(0)} ms (kernel OOM ${round.baseline.kernelOomAfterHogMs} ms after the hog), ` +
      `oomtop ${round.oomtop.worstGapMs?.toFixed(0)} ms (hog killed ${round.oomtop.hogDiedAfterHogMs} ms after it started), ratio ${round.ratio?.toFixed(3)}`,
  );
}
const ratios = rounds.map((r) => r.ratio).filter((x): x is number => x !== null).sort((a, b) => a - b);
const median = ratios[Math.floor(ratios.length / 2)] ?? null;
console.log(`median worst-gap ratio oomtop/baseline over ${ratios.length} rounds: ${median?.toFixed(3)} (target <= 0.1)`);
console.log(`written to ${writeResult('stall', { rounds, medianRatio: median, target: 0.1 })}`);
