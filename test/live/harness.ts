// The live near-OOM lab: what proof tests and benchmarks import.
// Layout: lib/support (can this host run it), lib/memcg (test cgroups),
// lib/workloads (C programs, data files), lib/spawn (processes in a cgroup),
// lib/probe (latency summary), lib/scenario (stall and benign runs),
// lib/results (JSON for the README). Workload sources: workload/*.c.
export { liveSupport, hostAvailableBytes, MAX_LIMIT_BYTES, type LiveSupport } from './lib/support.js';
export { createMemcg, Memcg, type OwnedProcess } from './lib/memcg.js';
export {
  compileWorkloads,
  evictFromCache,
  prepareDataFiles,
  removeTempDirs,
  sharedDataDir,
  WORKLOADS,
  type WorkloadBins,
  type WorkloadName,
} from './lib/workloads.js';
export { describeExit, nowMs, spawnInCgroup, Spawned, type ExitInfo, type SpawnOptions } from './lib/spawn.js';
export { readProbeSummary, type ProbeSecond, type ProbeSummary } from './lib/probe.js';
export {
  runBenign,
  runScenario,
  type BenignOptions,
  type MemcgFigures,
  type MemcgSample,
  type ProcessOutcome,
  type Role,
  type ScenarioContext,
  type ScenarioHooks,
  type ScenarioOptions,
  type ScenarioProcess,
  type ScenarioResult,
} from './lib/scenario.js';
export { writeResult, RESULTS_DIR } from './lib/results.js';
