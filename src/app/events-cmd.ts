// `oomtop events`: print (and follow) the event log.
import { loadConfig } from '../policy/load.js';
import { followEvents, readEvents } from '../report/eventlog.js';
import { formatEvent } from '../report/format.js';
import type { OomtopEvent } from '../report/types.js';
import { resolveConfigPath } from './runtime.js';

export async function eventsCommand(o: { config?: string; file?: string; follow?: boolean; json?: boolean; lines?: number }): Promise<number> {
  let path = o.file;
  if (!path) {
    try {
      path = loadConfig(resolveConfigPath(o.config)).config.events;
    } catch (err) {
      process.stderr.write(`${(err as Error).message}\n`);
      return 2;
    }
  }
  const print = (e: OomtopEvent) => process.stdout.write(`${o.json ? JSON.stringify(e) : formatEvent(e)}\n`);
  let events: OomtopEvent[];
  try {
    events = readEvents(path, o.lines ? { limit: o.lines } : {});
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !o.follow) {
      process.stderr.write(`oomtop: cannot read ${path}: ${(err as Error).message}\n`);
      return 1;
    }
    events = [];
  }
  events.forEach(print);
  if (!o.follow) return 0;
  const ac = new AbortController();
  process.on('SIGINT', () => ac.abort());
  process.on('SIGTERM', () => ac.abort());
  await followEvents(path, print, { signal: ac.signal });
  return 0;
}
