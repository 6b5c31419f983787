// The stall scenario with no user-space OOM killer: proves the lab reproduces
// a near-OOM stall (the probe starves for hundreds of ms) that only the
// kernel's memcg OOM killer ends, by killing the hog.
import test from 'node:test';
import assert from 'node:assert/strict';
import { liveSupport, runScenario, writeResult, type ScenarioResult } from './harness.js';

const support = liveSupport();
if (!support.ok) console.log(`# live baseline skipped: ${support.reason}`);

function figures(r: ScenarioResult): string {
  const p = r.probe;
  return [
    `kernel OOM kills ${r.kernelOomKills}, first seen ${r.firstKernelOomAfterHogMs} ms after the hog started`,
    `hog died ${r.processes.find((x) => x.role === 'hog')?.diedAfterHogMs} ms after it started`,
    `probe worst gap ${p?.worstGapMs.toFixed(0)} ms, gaps > 100 ms: ${p?.gapsOver100ms}, total lateness ${p?.totalLatenessMs.toFixed(0)} ms`,
    `probe first gap > 100 ms began ${r.probeFirstGapAfterHogMs} ms after the hog started; worst gap before the hog ${r.probeWorstGapBeforeHogMs} ms, after ${r.probeWorstGapAfterHogMs} ms`,
    `failcnt ${r.memcg.failcnt}, file refaults ${r.memcg.workingsetRefaultFile}, peak rss ${(r.memcg.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  ].join('\n');
}

test('stall scenario without oomtop: a real stall that only the kernel OOM killer ends', {
  skip: support.ok ? false : support.reason,
  timeout: 240_000,
}, async () => {
  const r = await runScenario({ name: 'baseline', log: (m) => console.log(`# ${m}`) });
  const path = writeResult('live-baseline', r);
  console.log(`${figures(r)}\n(written to ${path})`);

  assert.ok(r.kernelOomKills >= 1, 'the memcg OOM killer fired');
  assert.equal(r.stopReason, 'hog-died');
  const hog = r.processes.find((x) => x.role === 'hog')!;
  assert.equal(hog.signal, 'SIGKILL', 'the kernel killed the hog');
  assert.ok(hog.diedAfterHogMs! > 0);
  const others = r.processes.filter((x) => x.role !== 'hog' && x.died);
  assert.deepEqual(others.map((x) => x.name), [], 'only the hog died');
  assert.ok(r.probe, 'the probe wrote its summary');
  assert.ok(r.probe.final, 'the probe exited cleanly and wrote its final summary');
  // Calibrated here: worst gaps of 0.75-2.3 s across runs; an idle probe stays under ~40 ms.
  assert.ok(r.probe.worstGapMs > 300, `probe worst gap ${r.probe.worstGapMs} ms > 300 ms`);
  // The file working set collapsed under the hog (the refault livelock).
  assert.ok(r.memcg.minMappedFileAfterHogBytes! < r.memcg.peakMappedFileBytes / 4);
});
