// Runs a program in a real pseudo-terminal with util-linux `script` (no extra
// packages), feeds what it draws into @xterm/headless so tests read the screen
// a terminal would show, and types keys into it. Every run sits under
// `timeout`, and every process started here is killed on stop() and on exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import xterm from '@xterm/headless';

export const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

export interface PtyRun {
  child: ChildProcess;
  term: InstanceType<typeof xterm.Terminal>;
  /** Exit code of the program in the pty (script -e passes it through; 124: timeout). */
  exited: Promise<number | null>;
  lines(): string[];
  text(): string;
  /** Resolves with the screen once `pred` holds, rejects with the screen after `ms`. */
  waitFor(pred: (lines: string[]) => boolean, ms: number, what: string): Promise<string[]>;
  /** Types keys one at a time, `gapMs` apart (a lone ESC must not merge with the next key). */
  press(...keys: string[]): Promise<void>;
  /** PID of the program itself (below timeout -> script -> sh exec). */
  programPid(): number | null;
  stop(): void;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) killTree(c.pid);
});

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const c of children(pid)) out.push(c, ...descendants(c));
  return out;
}

/** Kills a process we started and everything below it, deepest first. */
function killTree(pid: number | undefined): void {
  if (!pid) return;
  for (const p of [...descendants(pid).reverse(), pid]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export interface PtyOptions {
  cols: number;
  rows: number;
  /** The shell command run inside the pty after its size is set. */
  command: string;
  /** The program's process name (comm), to find it below timeout, script and sh. */
  comm: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutSec?: number;
  gapMs?: number;
}

export function startPty(o: PtyOptions): PtyRun {
  const inner = `stty cols ${o.cols} rows ${o.rows}; exec ${o.command}`;
  const child = spawn('timeout', ['-k', '5', String(o.timeoutSec ?? 120), 'script', '-q', '-e', '-c', inner, '/dev/null'], {
    cwd: o.cwd,
    env: { ...process.env, TERM: 'xterm-256color', ...o.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  const term = new xterm.Terminal({ cols: o.cols, rows: o.rows, allowProposedApi: true });
  child.stdout!.on('data', (d: Buffer) => term.write(d));
  child.stderr!.on('data', (d: Buffer) => term.write(d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  const flush = () => new Promise<void>((r) => term.write('', r));
  const gap = o.gapMs ?? 150;
  return {
    child,
    term,
    exited,
    lines,
    text: () => lines().join('\n'),
    async waitFor(pred, ms, what) {
      const end = Date.now() + ms;
      for (;;) {
        await flush();
        const l = lines();
        if (pred(l)) return l;
        if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; screen:\n${l.join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async press(...keys) {
      for (const k of keys) {
        child.stdin!.write(k);
        await new Promise((r) => setTimeout(r, gap));
      }
    },
    programPid() {
      if (!child.pid) return null;
      for (const p of descendants(child.pid)) {
        try {
          if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() === o.comm) return p;
        } catch {
          // exited meanwhile
        }
      }
      return null;
    },
    stop() {
      if (live.has(child)) killTree(child.pid);
    },
  };
}
