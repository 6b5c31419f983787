// One engine, no screen, in one of the modes the TUI puts it in (for
// engine-modes.bench.ts). Plain JavaScript on dist/, as oomtop itself runs.
//   STEP=headless   what `oomtop run` does
//   STEP=subscribed + a state subscriber (cgroups walked every 2 s, not 5 s)
//   STEP=scanning   + the kill list: process scan and ranking every 2 s
//   STEP=rows       + pidusage measuring the CPU % of the first 14 rows, as on screen
// Usage: STEP=... node test/bench/engine-mode.mjs CONFIG
import { startRuntime } from '../../dist/app/runtime.js';

const STEPS = ['headless', 'subscribed', 'scanning', 'rows'];
const step = STEPS.indexOf(process.env.STEP ?? 'headless');
if (step < 0) throw new Error(`STEP must be one of ${STEPS.join(', ')}`);
const rt = await startRuntime({ config: process.argv[2] });
const engine = rt.engine;
if (step >= 1) engine.subscribe(() => {});
if (step >= 2) engine.wantProcesses(true);
if (step >= 3) {
  setInterval(() => {
    const node = engine.getState().scopes.find((s) => s.kind === 'node');
    engine.watchRows('node', (node?.candidates ?? []).slice(0, 14).map((c) => c.proc.pid));
  }, 2000);
}
engine.start();
process.on('SIGTERM', () => void rt.shutdown('bench done').then(() => process.exit(0)));
