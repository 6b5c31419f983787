// Spawns victims for the killer tests. Every victim runs under `timeout -s KILL`
// so nothing outlives a failed test; the victim prints its own PID first, so the
// test signals the real process and not the timeout wrapper.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readStatIdentity } from '../../src/kill/procstat.js';
import { Killer } from '../../src/kill/killer.js';

export interface Victim {
  pid: number;
  startTime: number;
  wrapper: ChildProcess;
  exited: Promise<unknown>;
}

const started: Victim[] = [];

/** `script` runs in bash; it must `echo $$` (or other PIDs) on its first line. */
export async function spawnVictim(
  script: string,
  opts: { detached?: boolean; seconds?: number; sameGroup?: boolean } = {},
): Promise<Victim> {
  // timeout puts itself and the victim in a new process group unless --foreground
  const fg = opts.sameGroup ? ['--foreground'] : [];
  const wrapper = spawn('timeout', [...fg, '-s', 'KILL', String(opts.seconds ?? 30), 'bash', '-c', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: opts.detached ?? false,
  });
  const exited = once(wrapper, 'exit');
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    wrapper.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    wrapper.on('exit', () => reject(new Error(`victim exited before printing its pid: ${buf}`)));
  });
  const pid = Number(line.trim().split(/\s+/)[0]);
  const id = readStatIdentity('/proc', pid);
  if (!id) throw new Error(`victim ${pid} vanished`);
  const v: Victim = { pid, startTime: id.startTime, wrapper, exited };
  started.push(v);
  return v;
}

export function alive(pid: number, startTime: number): boolean {
  const id = readStatIdentity('/proc', pid);
  return !!id && id.startTime === startTime && id.state !== 'Z' && id.state !== 'X';
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** SIGKILLs what is still alive among the victims this process started (identity-checked), then reaps the wrappers. */
export async function cleanupVictims(): Promise<void> {
  const killer = new Killer();
  for (const v of started.splice(0)) {
    if (alive(v.pid, v.startTime)) await killer.kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 0 });
    if (v.wrapper.exitCode === null && v.wrapper.signalCode === null) await v.exited;
  }
}
