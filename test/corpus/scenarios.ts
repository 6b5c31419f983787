// The corpus scenarios: which live run each trace comes from, and whether a
// kill is justified in it. All run in a 512 MiB test memcg (test/live).
//
// The steady set (nr-protected 64 MiB, nr-pref 16 MiB, the probe's 8 MiB anon
// + 64 MiB mapped file, N x 64 MiB PROT_EXEC working sets) needs ~88 MiB of
// anon plus 64 MiB per mapped file: with 5 working sets that is ~92% of the
// limit before any hog; with 3, ~67%. Both shapes are in the corpus, so lead
// times are measured with room to act and without it.
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
    what: 'hog at 20 MiB/s from 6 s, 3 working sets (room to act)',
    run: { kind: 'stall', opts: { wsetCount: 3, hogAtMs: 6000, hogRateMiBs: 20, maxDurationMs: 60_000 } },
  },
  {
    name: 'fast',
    killJustified: true,
    what: 'hog at 200 MiB/s from 8 s, 5 working sets',
    run: { kind: 'stall', opts: { hogRateMiBs: 200, maxDurationMs: 30_000 } },
  },
  {
    name: 'churn',
    killJustified: true,
    what: 'hog at 50 MiB/s, 5 re-faulted working sets, a reader at 200 MiB/s (DESIGN §3)',
    run: { kind: 'stall', opts: { maxDurationMs: 45_000 } },
  },
  {
    name: 'twohogs',
    killJustified: true,
    what: 'two hogs at 25 MiB/s each from 6 s, 4 working sets',
    run: { kind: 'stall', opts: { wsetCount: 4, hogAtMs: 6000, hogRateMiBs: 25, hogCount: 2, maxDurationMs: 50_000 } },
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
