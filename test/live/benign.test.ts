// The benign run with no user-space OOM killer: the cgroup fills to its limit
// with page cache and dirty pages from a writer, anon stays low, and the kernel
// never OOM-kills. An OOM killer must leave this alone.
import test from 'node:test';
import assert from 'node:assert/strict';
import { liveSupport, runBenign, writeResult } from './harness.js';

const MIB = 2 ** 20;
/** The programs' own heaps, stacks and the churner's 1 MiB buffer, beyond the anon they are told to hold. */
const ANON_SLACK_MIB = 24;

const support = liveSupport();
if (!support.ok) console.log(`# live benign skipped: ${support.reason}`);

test('benign write-heavy run without oomtop: full of cache, low anon, no OOM kill', {
  skip: support.ok ? false : support.reason,
  timeout: 240_000,
}, async () => {
  const r = await runBenign({ name: 'benign', log: (m) => console.log(`# ${m}`) });
  const path = writeResult('live-benign', r);
  const p = r.probe;
  console.log(
    [
      `peak usage ${(r.memcg.peakUsageBytes / MIB).toFixed(0)} MiB of ${r.limitBytes / MIB} MiB, peak rss ${(r.memcg.peakRssBytes / MIB).toFixed(0)} MiB, peak dirty+writeback ${(r.memcg.peakDirtyBytes / MIB).toFixed(0)} MiB`,
      `kernel OOM kills ${r.kernelOomKills}`,
      `probe worst gap ${p?.worstGapMs.toFixed(0)} ms, gaps > 100 ms: ${p?.gapsOver100ms}, total lateness ${p?.totalLatenessMs.toFixed(0)} ms`,
      `(written to ${path})`,
    ].join('\n'),
  );

  assert.equal(r.kernelOomKills, 0, 'no kernel OOM kill');
  assert.deepEqual(r.processes.filter((x) => x.died).map((x) => x.name), [], 'every process lived until the stop');
  assert.ok(r.memcg.peakUsageBytes >= 0.9 * r.limitBytes, 'usage reached 90 % of the limit');
  const o = r.options as { probeAnonMiB: number; protectedMiB: number; preferredMiB: number };
  const anonBudget = (o.probeAnonMiB + o.protectedMiB + o.preferredMiB + ANON_SLACK_MIB) * MIB;
  assert.ok(r.memcg.peakRssBytes <= anonBudget, `peak rss ${r.memcg.peakRssBytes} <= ${anonBudget}`);
  assert.ok(r.memcg.peakDirtyBytes > 0, 'the writer left dirty pages in the cgroup');
  assert.ok(r.probe?.final, 'the probe wrote its final summary');
});
