// The benign run: the cgroup fills to its limit with page cache and dirty
// pages from a writer, anon stays low, and the kernel never OOM-kills. An OOM
// killer must leave this alone: `oomtop run` watches it armed and kills nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { liveSupport, writeResult } from './harness.js';
import { cliBuilt, runWithOomtop } from './oomtop.js';

const MIB = 2 ** 20;
/** The programs' own heaps, stacks and the churner's 1 MiB buffer, beyond the anon they are told to hold. */
const ANON_SLACK_MIB = 24;

const live = liveSupport();
const support = live.ok && !cliBuilt() ? { ok: false as const, reason: 'dist/cli.js not built (npm test builds it)' } : live;
if (!support.ok) console.log(`# live benign skipped: ${support.reason}`);

test('benign write-heavy run with oomtop armed: full of cache, low anon, no OOM kill, nothing killed', {
  skip: support.ok ? false : support.reason,
  timeout: 240_000,
}, async () => {
  const { result: r, events, exitCode, stderr } = await runWithOomtop('benign', { name: 'benign', log: (m) => console.log(`# ${m}`) });
  assert.equal(exitCode, 0, `oomtop exits 0 on SIGTERM: ${stderr}`);
  const path = writeResult('live-benign', { ...r, events });
  const decisions = events.filter((e) => e.type === 'decision');
  const p = r.probe;
  console.log(
    [
      `peak usage ${(r.memcg.peakUsageBytes / MIB).toFixed(0)} MiB of ${r.limitBytes / MIB} MiB, peak rss ${(r.memcg.peakRssBytes / MIB).toFixed(0)} MiB, peak dirty+writeback ${(r.memcg.peakDirtyBytes / MIB).toFixed(0)} MiB`,
      `kernel OOM kills ${r.kernelOomKills}`,
      `oomtop: ${events.filter((e) => e.type === 'kill').length} kills, ${decisions.length} decisions${decisions.length ? `: ${decisions.map((d) => `${d.message} [${d.reasons.map((x) => x.text).join('; ')}]`).join(' | ')}` : ''}`,
      `probe worst gap ${p?.worstGapMs.toFixed(0)} ms, gaps > 100 ms: ${p?.gapsOver100ms}, total lateness ${p?.totalLatenessMs.toFixed(0)} ms`,
      `(written to ${path})`,
    ].join('\n'),
  );

  assert.equal(r.kernelOomKills, 0, 'no kernel OOM kill');
  assert.deepEqual(events.filter((e) => e.type === 'kill' || e.type === 'would-kill').map((e) => e.victim?.name), [], 'oomtop killed nothing');
  assert.deepEqual(r.processes.filter((x) => x.died).map((x) => x.name), [], 'every process lived until the stop');
  assert.ok(r.memcg.peakUsageBytes >= 0.9 * r.limitBytes, 'usage reached 90 % of the limit');
  const o = r.options as { probeAnonMiB: number; protectedMiB: number; preferredMiB: number };
  const anonBudget = (o.probeAnonMiB + o.protectedMiB + o.preferredMiB + ANON_SLACK_MIB) * MIB;
  assert.ok(r.memcg.peakRssBytes <= anonBudget, `peak rss ${r.memcg.peakRssBytes} <= ${anonBudget}`);
  assert.ok(r.memcg.peakDirtyBytes > 0, 'the writer left dirty pages in the cgroup');
  assert.ok(r.probe?.final, 'the probe wrote its final summary');
});
