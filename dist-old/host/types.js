// Raw readings from /proc and /sys. Byte values are bytes, counters are
// cumulative as the kernel reports them; rates are derived later by the model.
export const DEFAULT_ROOTS = { proc: '/proc', sys: '/sys' };
