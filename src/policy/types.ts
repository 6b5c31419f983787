export type Mode = 'armed' | 'dry-run' | 'monitor';
export type Level = 'low' | 'medium' | 'high';
export type KillGranularity = 'process' | 'process-group';

export const MODES: readonly Mode[] = ['armed', 'dry-run', 'monitor'];
export const LEVELS: readonly Level[] = ['low', 'medium', 'high'];

/** A protect or prefer rule as written in YAML: every given field must match (regexes, re2 syntax). */
export interface RuleSpec {
  name?: string; // comm
  cmdline?: string;
  user?: string;
  cgroup?: string;
  pod?: string; // pod name (part 4); pod UID when the name is unknown
  namespace?: string;
  pid?: number; // exact PID, written by the TUI's "this process only"
  /**
   * With pid only: the process's start time (clock ticks since boot, as
   * ProcessReading.startTime), so a reused PID after a reboot or wraparound
   * does not inherit the rule.
   */
  startTime?: number;
  priority?: number; // prefer rules: higher is killed first
  /** prefer rules: seconds between SIGTERM and SIGKILL (0 = SIGKILL at once) */
  grace?: number;
}

export interface ScopeSpec {
  mode?: Mode; // overrides the top-level mode for this scope
  level: Level;
  kill: KillGranularity;
  protectPid1: boolean;
  /** default seconds between SIGTERM and SIGKILL */
  grace: number;
  protect: RuleSpec[];
  prefer: RuleSpec[];
}

export interface CgroupMatchSpec {
  path?: string; // regex on the cgroup path as in /proc/PID/cgroup
  pod?: string;
  namespace?: string;
}

export interface CgroupScopeSpec extends ScopeSpec {
  match: CgroupMatchSpec;
}

export interface Config {
  mode: Mode;
  events: string;
  node: ScopeSpec;
  cgroups: CgroupScopeSpec[];
  /** sampling bounds, ms */
  interval: { min: number; max: number };
  /** kubelet pod log root, for pod names (part 4) */
  podLogRoot: string;
  metrics?: string | null;
  hooks?: { exec?: { command: string; timeout: number; before?: boolean }; webhook?: { url: string; timeout: number } };
}

import type { ProcessReading } from '../host/types.js';

/** One row of a scope's ranked kill list. */
export interface Candidate {
  proc: ProcessReading;
  /** 1-based place among eligible candidates; 0 when not eligible. */
  rank: number;
  eligible: boolean;
  /** Why it stands where it does, in words: "preferred by prefer[0] (priority 10)", "protected by protect[1] name=^sshd$", "PID 1 of container abc123" ... */
  reason: string;
  /** Index of the prefer rule that matched, for priority display. */
  preferRule: number | null;
  protectRule: number | null;
  priority: number;
  /** rss + swap: what killing it would roughly free. */
  bytes: number;
  /** Grace before SIGKILL for this victim, seconds. */
  grace: number;
}
