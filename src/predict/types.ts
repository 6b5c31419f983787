import type { Level } from '../policy/types.js';

export interface Reason {
  signal: string; // machine name: "headroom", "fill-trend", "refault", "psi", ...
  /** Contribution to the probability, 0..1, for ordering the reasons. */
  weight: number;
  text: string; // human words: "anon+mapped at 93% of limit"
}

export interface Assessment {
  scope: string;
  t: number;
  level: Level;
  /** Probability of OOM or a near-OOM stall within the level's horizon. */
  probability: number;
  /** Seconds until the scope's non-reclaimable need meets its capacity at the current trend; null when not filling. */
  timeToExhaustion: number | null;
  /** Bytes that must be freed to get back below the level's safe fill; 0 when safe. */
  deficit: number;
  /** Probability at or above the level's action threshold. The enforcer adds persistence. */
  danger: boolean;
  reasons: Reason[];
}
