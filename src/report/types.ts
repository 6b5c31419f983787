import type { Level, Mode } from '../policy/types.js';
import type { Reason } from '../predict/types.js';

export type EventType =
  | 'start' // enforcer started (mode, config)
  | 'stop'
  | 'decision' // a scope crossed into or out of danger
  | 'kill' // a signal was sent (outcome in `outcome`)
  | 'would-kill' // dry-run
  | 'manual-kill' // operator from the TUI
  | 'kernel-oom' // the kernel's own OOM killer acted in a scope
  | 'config' // policy reloaded / edited / rejected
  | 'mode' // mode changed
  | 'hangup' // terminal went away
  | 'error';

export interface VictimInfo {
  pid: number;
  name: string;
  cmdline: string;
  user: string;
  cgroup: string;
  podUid: string | null;
  startTime: number;
  rss: number;
  swap: number;
  oomScoreAdj: number;
  /** process-group kills list the members signalled */
  members?: number[];
}

export interface OomtopEvent {
  time: string; // ISO wall clock
  t: number; // sample clock ms
  type: EventType;
  scope: string | null;
  mode: Mode | null;
  level: Level | null;
  probability: number | null;
  reasons: Reason[];
  victim: VictimInfo | null;
  rankReason: string | null;
  signal: string | null; // "SIGTERM", "SIGKILL", "SIGTERM->SIGKILL"
  /** Measured drop of the scope's usage after the victim exited; null until known. */
  bytesFreed: number | null;
  outcome: string | null; // "exited", "killed", "gone-before-signal", "identity-changed", "eperm", "timeout" ...
  timings: { decideMs?: number; signalMs?: number; exitMs?: number; totalMs?: number };
  message: string;
}
