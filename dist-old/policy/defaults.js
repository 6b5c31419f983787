/**
 * Seconds between SIGTERM and SIGKILL. Shorter than nohang's 10 s on
 * purpose: in the stall measured here (DESIGN.md §3) the kernel's own OOM
 * kill came only ~2-3 s after earlyoom/nohang acted, so a victim that ignores
 * TERM for 10 s would be overtaken by the kernel anyway.
 */
export const DEFAULT_GRACE_SECONDS = 5;
export function defaultScope() {
    return { level: 'medium', kill: 'process', protectPid1: true, grace: DEFAULT_GRACE_SECONDS, protect: [], prefer: [] };
}
/** What a key that is absent from the file means. */
export function defaultConfig() {
    return {
        // Users coming from earlyoom expect a killer that acts out of the box;
        // without root the CLI falls back to monitor.
        mode: 'armed',
        events: '/var/log/oomtop/events.jsonl',
        node: defaultScope(),
        cgroups: [],
        // earlyoom's adaptive poll range (DESIGN.md §4): 100 ms when memory runs
        // low or fills fast, 1 s when there is headroom.
        interval: { min: 100, max: 1000 },
        podLogRoot: '/var/log/pods',
        metrics: null,
    };
}
