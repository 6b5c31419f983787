import type { Sample } from '../sample/types.js';
import type { ScopeHistory } from '../model/types.js';
import type { Assessment } from '../predict/types.js';
import type { Candidate, Config, Level, Mode, RuleSpec } from '../policy/types.js';
import type { OomtopEvent } from '../report/types.js';

/** Everything the UI (and the metrics exporter) may read. Written only by the engine. */
export interface AppState {
  host: {
    hostname: string;
    kernel: string;
    bootTime: number; // epoch ms
    cgroupVersions: string; // "v1 memory + v2 (hybrid)", "v2", ...
    psi: boolean;
    root: boolean;
  };
  /** Top-level mode after CLI override and root check. */
  mode: Mode;
  /** Why the mode was forced (e.g. "not root: monitor only"), or null. */
  modeNote: string | null;
  intervalMs: number;
  sample: Sample | null;
  /** Scopes: "node" first, then every memory cgroup known, by path. */
  scopes: ScopeView[];
  /** Newest last, bounded. */
  events: OomtopEvent[];
  config: Config;
  configPath: string | null;
  /** The last config load/edit error, shown until the next good load. */
  configError: string | null;
  /** oomtop's own use, refreshed every few seconds. */
  self: { cpuPct: number; rss: number };
  /** CPU % of one core of the processes the UI shows (watchRows), by PID. */
  cpu: Record<number, number>;
  /** Sample-clock ms of the last process scan. */
  processesAt: number | null;
  counters: { samples: number; kills: number; wouldKills: number };
}

export interface ScopeView {
  id: string; // "node" or cgroup path
  kind: 'node' | 'cgroup';
  /** Display label: pod namespace/name when known, else the path. */
  label: string;
  pod: { uid: string; name: string | null; namespace: string | null; qos: string | null } | null;
  history: ScopeHistory;
  /** null when no policy covers the scope and it is shown for information only. */
  assessment: Assessment | null;
  /** The policy entry governing it: -1 for node, index into config.cgroups, null when none. */
  policyIndex: number | null;
  effectiveMode: Mode | null;
  level: Level | null;
  /** Ranked kill list; empty until processes were scanned for a covered scope. */
  candidates: Candidate[];
}

export type ScopeRef = -1 | number; // -1: node policy, n: config.cgroups[n]

/** What the UI may ask of the engine; every edit persists to the YAML and applies at once. */
export interface EngineControl {
  getState(): AppState;
  /** Called after every tick and every event. Returns an unsubscribe function. */
  subscribe(listener: (state: AppState) => void): () => void;
  setMode(mode: Mode, scope?: ScopeRef): Promise<void>;
  setLevel(scope: ScopeRef, level: Level): Promise<void>;
  addRule(scope: ScopeRef, list: 'protect' | 'prefer', rule: RuleSpec): Promise<void>;
  updateRule(scope: ScopeRef, list: 'protect' | 'prefer', index: number, rule: RuleSpec): Promise<void>;
  removeRule(scope: ScopeRef, list: 'protect' | 'prefer', index: number): Promise<void>;
  /** Sends a signal through the killer, with the same identity checks; records a manual-kill event. */
  manualKill(pid: number, startTime: number, signal: 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP'): Promise<OomtopEvent>;
  /** Ask for a fresh process scan on the next tick (the UI wants rows). */
  wantProcesses(yes: boolean): void;
  /** The scope whose kill list the UI shows, and the PIDs on screen (their CPU % goes to state.cpu). */
  watchRows(scopeId: string, pids: number[]): void;
}
