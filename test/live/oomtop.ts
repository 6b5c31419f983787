// Runs the real `oomtop run` binary beside a live scenario, from the test
// driver's cgroup (never inside the test cgroup), and collects its events.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OomtopEvent } from '../../src/report/types.js';
import { runBenign, runScenario, type ScenarioContext, type ScenarioResult } from './harness.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export function cliBuilt(): boolean {
  return existsSync(CLI);
}

/** Escapes a cgroup path for an anchored regex in the policy. */
export function exactPath(path: string): string {
  return `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/**
 * The policy the live tests run: only the test cgroup is armed; the node is
 * watched only (mode monitor), so nothing outside the test can die. (The
 * node's protect rules hold in every scope, so protecting everything there
 * would protect the test's victims too.)
 */
export function scenarioPolicy(cgroupPath: string, eventsPath: string, level: 'low' | 'medium' | 'high' = 'medium'): string {
  return `# live test policy
mode: armed
events: ${eventsPath}
node:
  mode: monitor
  level: high
cgroups:
  - match: { path: '${exactPath(cgroupPath)}' }
    level: ${level}
    kill: process
    grace: 1
    protect:
      - { name: '^nr-protected$' }
      - { name: '^nr-probe$' }
    prefer:
      - { name: '^nr-pref$', priority: 10 }
interval: { min: 100, max: 1000 }
`;
}

export class OomtopRun {
  readonly dir = mkdtempSync(join(tmpdir(), 'oomtop-live-'));
  readonly eventsPath = join(this.dir, 'events.jsonl');
  readonly configPath = join(this.dir, 'oomtop.yaml');
  private child: ChildProcess | null = null;
  private exit: Promise<number | null> | null = null;
  stderr = '';

  constructor(policy: (eventsPath: string) => string) {
    writeFileSync(this.configPath, policy(this.eventsPath));
  }

  /** Starts `oomtop run` and resolves once it has taken a few samples. */
  async start(extraArgs: string[] = []): Promise<void> {
    const child = spawn('timeout', ['-s', 'KILL', '300', process.execPath, CLI, 'run', '--config', this.configPath, ...extraArgs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 15_000;
    while (!this.events().some((e) => e.type === 'start')) {
      if (Date.now() > deadline) throw new Error(`oomtop did not start: ${this.stderr}`);
      if (child.exitCode !== null) throw new Error(`oomtop exited ${child.exitCode}: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Let it take a few samples so rates and trends exist before the test acts.
    await new Promise((r) => setTimeout(r, 2500));
  }

  events(): OomtopEvent[] {
    if (!existsSync(this.eventsPath)) return [];
    return readFileSync(this.eventsPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as OomtopEvent);
  }

  /** SIGTERM (through timeout, which forwards it), wait, and return the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || !this.exit) return null;
    this.child.kill('SIGTERM');
    const code = await Promise.race([this.exit, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    return code;
  }

  cleanup(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A live scenario with `oomtop run` armed on its cgroup from t0 to the stop. */
export async function runWithOomtop(
  kind: 'stall' | 'benign',
  opts: { name: string; log?: (m: string) => void; level?: 'low' | 'medium' | 'high' },
): Promise<{ result: ScenarioResult; events: OomtopEvent[]; exitCode: number | null; stderr: string }> {
  let oomtop: OomtopRun | null = null;
  let exitCode: number | null = null;
  try {
    const hooks = {
      async afterSteady(ctx: ScenarioContext) {
        oomtop = new OomtopRun((events) => scenarioPolicy(ctx.cgroupPath, events, opts.level));
        await oomtop.start();
      },
      async beforeStop() {
        exitCode = await oomtop!.stop();
      },
      afterRun: () => oomtop!.events(),
    };
    const run = kind === 'stall' ? runScenario : runBenign;
    const result = await run({ name: opts.name, log: opts.log, hooks });
    const o = oomtop as OomtopRun | null;
    return { result, events: result.extra as OomtopEvent[], exitCode, stderr: o?.stderr ?? '' };
  } finally {
    (oomtop as OomtopRun | null)?.cleanup();
  }
}
