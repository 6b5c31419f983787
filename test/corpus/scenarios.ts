// The corpus scenarios: which live run each trace comes from, and whether a
// kill is justified in it. Each runs in a test memcg (test/live) of 512 MiB,
// or 1 GiB (the cap for test cgroups) where the growth needs the room.
//
// The steady set (nr-protected 64 MiB, nr-pref 16 MiB, the probe's 8 MiB anon
// + 64 MiB mapped file, N x 64 MiB PROT_EXEC working sets) needs ~88 MiB of
// anon plus 64 MiB per mapped file. A near-OOM scenario starts from a steady
// need well below the limit (21-67%: fast 21%, twohogs 46%, churn 52%, slow and cap 67%) and grows toward it, so the stall comes
// seconds after the cause: that is what a lead-time target can be held to.
// The benign scenarios keep the hard shape (5 working sets in 512 MiB, need
// 86-93% of the limit with no growth): they are the false-kill tests.
//
// The first recordings of fast, churn and twohogs ran in 512 MiB with a steady
// set needing 80-92% of the limit before the hog; where the stall label is
// valid (churn-1, fast-1, twohogs-2) it came 0.3-3 s after the hog started.
// They are kept, unedited, in test/fixtures/traces/full-baseline/
// and still replayed (false kills, misses, Brier, lead reported); whether a
// trace's lead counts against the target is decided from its labels by the
// room rule (test/corpus/evaluate.ts), the same for every trace.
import type { BenignOptions, ScenarioOptions } from '../live/harness.js';

export interface CorpusScenario {
  name: string;
  /** Whether killing something is justified in this run. */
  killJustified: boolean;
  what: string;
  run: { kind: 'stall'; opts: ScenarioOptions } | { kind: 'benign'; opts: BenignOptions };
}

export const SCENARIOS: CorpusScenario[] = [
  {
    name: 'slow',
    killJustified: true,
    what: 'hog at 20 MiB/s from 6 s, 3 working sets (steady need ~67%)',
    run: { kind: 'stall', opts: { wsetCount: 3, hogAtMs: 6000, hogRateMiBs: 20, maxDurationMs: 60_000 } },
  },
  {
    name: 'fast',
    killJustified: true,
    what: 'hog at 200 MiB/s from 8 s in 1 GiB, 1 working set (steady need ~21%), reader at 200 MiB/s',
    run: { kind: 'stall', opts: { limitMiB: 1024, wsetCount: 1, hogRateMiBs: 200, maxDurationMs: 40_000 } },
  },
  {
    name: 'churn',
    killJustified: true,
    what: 'hog at 50 MiB/s from 8 s in 1 GiB, 6 re-faulted working sets (steady need ~52%), a reader at 200 MiB/s (DESIGN §3)',
    run: { kind: 'stall', opts: { limitMiB: 1024, wsetCount: 6, maxDurationMs: 60_000 } },
  },
  {
    name: 'twohogs',
    killJustified: true,
    what: 'two hogs at 25 MiB/s each from 6 s in 1 GiB, 5 working sets (steady need ~46%), reader at 200 MiB/s',
    run: { kind: 'stall', opts: { limitMiB: 1024, wsetCount: 5, hogAtMs: 6000, hogRateMiBs: 25, hogCount: 2, maxDurationMs: 60_000 } },
  },
  {
    name: 'cap',
    killJustified: true,
    what: 'hog at 50 MiB/s stops at 380 MiB (anon ~92% of the limit) and stays, 3 working sets thrash',
    run: { kind: 'stall', opts: { wsetCount: 3, hogAtMs: 6000, hogCapMiB: 380, maxDurationMs: 40_000 } },
  },
  {
    name: 'readfill',
    killJustified: false,
    what: 'reader of a 2 GiB file at full speed fills the cgroup with clean cache, 5 working sets',
    run: { kind: 'benign', opts: { churnMode: 'read', churnWriteRateMiBs: 0, durationMs: 30_000 } },
  },
  {
    name: 'writefill',
    killJustified: false,
    what: 'writer of a 2 GiB file at full speed (dirty pages, writeback), then reads it back, 5 working sets',
    run: { kind: 'benign', opts: { durationMs: 30_000 } },
  },
  {
    name: 'steady',
    killJustified: false,
    what: 'anon held steady at ~86% of the limit (need ~90% with the mapped probe file), reader at 50 MiB/s, no working sets',
    run: {
      kind: 'benign',
      opts: { wsetCount: 0, probeFileMiB: 16, steadyAnonMiB: 350, churnMode: 'read', churnWriteRateMiBs: 50, durationMs: 30_000 },
    },
  },
  {
    name: 'allocfree',
    killJustified: false,
    what: 'every 6 s a process allocates 150 MiB at 100 MiB/s, holds it 2 s and exits, 2 working sets, reader at 200 MiB/s',
    run: {
      kind: 'stall',
      opts: { kind: 'benign', wsetCount: 2, hogAtMs: 4000, hogRateMiBs: 100, hogCapMiB: 150, hogCycle: { holdMs: 2000, periodMs: 6000 }, maxDurationMs: 34_000 },
    },
  },
  {
    name: 'burst',
    killJustified: false,
    what: 'one 180 MiB allocation at 400 MiB/s held 1 s then freed (need peaks ~90%), 2 working sets, reader at 200 MiB/s',
    run: {
      kind: 'stall',
      opts: { kind: 'benign', wsetCount: 2, hogAtMs: 8000, hogRateMiBs: 400, hogCapMiB: 180, hogCycle: { holdMs: 1000, periodMs: 1_000_000 }, maxDurationMs: 20_000 },
    },
  },
];
