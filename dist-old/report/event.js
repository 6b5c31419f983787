/** An event with every optional part empty: callers fill in what they know. */
export function newEvent(base) {
    return {
        time: new Date().toISOString(),
        scope: null,
        mode: null,
        level: null,
        probability: null,
        reasons: [],
        victim: null,
        rankReason: null,
        signal: null,
        bytesFreed: null,
        outcome: null,
        timings: {},
        ...base,
    };
}
