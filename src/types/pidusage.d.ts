// pidusage ships no types; oomtop uses the callback forms.
declare module 'pidusage' {
  interface Stat {
    cpu: number; // percent of one core since the previous call
    memory: number; // rss bytes
    ppid: number;
    pid: number;
    ctime: number;
    elapsed: number;
    timestamp: number;
  }
  function pidusage(pid: number, cb: (err: Error | null, stat: Stat) => void): void;
  /** Several at once: a PID that is gone maps to null. */
  function pidusage(pids: number[], cb: (err: Error | null, stats: Record<number, Stat | null>) => void): void;
  function pidusage(pid: number): Promise<Stat>;
  namespace pidusage {
    function clear(): void;
  }
  export default pidusage;
}
