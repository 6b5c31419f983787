// `oomtop events`: print (and follow) the event log.
import { loadConfig } from '../policy/load.js';
import { followEvents, readEvents } from '../report/eventlog.js';
import { formatEvent } from '../report/format.js';
import { resolveConfigPath } from './runtime.js';
export async function eventsCommand(o) {
    let path = o.file;
    if (!path) {
        try {
            path = loadConfig(resolveConfigPath(o.config)).config.events;
        }
        catch (err) {
            process.stderr.write(`${err.message}\n`);
            return 2;
        }
    }
    const print = (e) => process.stdout.write(`${o.json ? JSON.stringify(e) : formatEvent(e)}\n`);
    let events;
    try {
        events = readEvents(path, o.lines ? { limit: o.lines } : {});
    }
    catch (err) {
        if (err.code !== 'ENOENT' || !o.follow) {
            process.stderr.write(`oomtop: cannot read ${path}: ${err.message}\n`);
            return 1;
        }
        events = [];
    }
    events.forEach(print);
    if (!o.follow)
        return 0;
    const ac = new AbortController();
    process.on('SIGINT', () => ac.abort());
    process.on('SIGTERM', () => ac.abort());
    await followEvents(path, print, { signal: ac.signal });
    return 0;
}
