// Tells the engine when the config file was changed by someone else.
//
// inotify on the file's directory, not a stat poll: fs.watchFile stats the
// file once a second on libuv's thread pool, a wake-up of two threads every
// second for the life of a process that otherwise sleeps between samples. The
// directory (not the file) is watched because editors and `kubectl` replace
// files: an editor renames a new file over the old one, and a ConfigMap mount
// swaps a `..data` symlink, so the watched inode would be the old one. Any
// event in the directory leads to one stat of the path (following links)
// after a short quiet time; a change of mtime, size or inode that oomtop did
// not write itself is reported. Where inotify is not available (no watches
// left, some network filesystems), the stat poll is used instead.
import { statSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

/** Events of one save (write, rename, chmod) arrive together: report once, after this quiet time. */
const SETTLE_MS = 100;
const POLL_MS = 1000;

function signature(path: string): string {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return 'missing';
  }
}

export class ConfigWatch {
  private known: string;
  private watcher: FSWatcher | null = null;
  private polling = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly onChange: () => void,
  ) {
    this.known = signature(path);
    try {
      this.watcher = watch(dirname(path), { persistent: false }, () => this.soon());
      this.watcher.on('error', () => this.fallBack());
    } catch {
      this.poll();
    }
  }

  /** How changes are noticed (tests). */
  get how(): 'inotify' | 'poll' {
    return this.watcher ? 'inotify' : 'poll';
  }

  /** oomtop wrote the file itself: that is not a change to report. */
  ownWrite(): void {
    this.known = signature(this.path);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.polling) unwatchFile(this.path);
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.check();
    }, SETTLE_MS);
    this.timer.unref();
  }

  private check(): void {
    const now = signature(this.path);
    if (now === this.known) return;
    this.known = now;
    // A file that vanished is not a config to load; its return is the next change.
    if (now !== 'missing') this.onChange();
  }

  /** The directory watch died (the directory was removed, an inotify error): poll the path instead. */
  private fallBack(): void {
    this.watcher?.close();
    this.watcher = null;
    this.poll();
  }

  private poll(): void {
    if (this.polling) return;
    this.polling = true;
    watchFile(this.path, { interval: POLL_MS, persistent: false }, () => this.check());
  }
}
