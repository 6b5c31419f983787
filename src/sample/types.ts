import type { CgroupReading, NodeReading, ProcessReading } from '../host/types.js';

/**
 * One observation of the host. Produced live by the sampler and read back from
 * traces by replay: everything downstream consumes only Samples, so replay
 * shows exactly what live did.
 */
export interface Sample {
  /** Milliseconds on a monotonic clock (the trace's own clock in replay). */
  t: number;
  /** Wall-clock epoch milliseconds, for events and display only. */
  wallTime: number;
  node: NodeReading;
  /** Memory cgroups read this tick (watched ones every tick, all of them on the slow tier). */
  cgroups: CgroupReading[];
  /** Process table when scanned this tick, otherwise null (reuse the last one). */
  processes: ProcessReading[] | null;
  /** How long reading took, ms (fast tier, process scan). */
  cost: { fastMs: number; processMs: number | null };
}

export type { CgroupReading, NodeReading, ProcessReading };

export interface SampleRequest {
  /** Walk and read every memory cgroup (slow tier); otherwise only watched ones. */
  allCgroups: boolean;
  /** Which known cgroup paths to read on the fast tier. */
  watch?: (path: string) => boolean;
  /** Scan the process table this tick. */
  processes: boolean;
  /** Monotonic ms to stamp the sample with (default performance.now()). */
  now?: number;
}

/**
 * Where the engine's samples come from: the live sampler, or a recorded trace
 * in replay. Everything downstream is the same code either way.
 */
export interface SampleSource {
  sample(req: SampleRequest): Sample;
  /** One process, fresh; null when gone. */
  readProcess(pid: number): ProcessReading | null;
  /** The process table alone (before a kill), without touching the node files or the watched cgroups' kept fds. */
  scanProcesses(): ProcessReading[];
  /** One cgroup, fresh (after a kill, to see memory come back); null when gone. */
  readCgroup(path: string): CgroupReading | null;
  readNode(): NodeReading;
  /** "v1 memory + v2 (hybrid)", "v2", "none" */
  cgroupVersions(): string;
  close(): void;
}
