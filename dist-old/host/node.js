import { OpenFile } from './fsread.js';
import { parseMeminfo } from './meminfo.js';
import { parseZoneinfo } from './zoneinfo.js';
import { parseVmstat } from './vmstat.js';
import { parseCpuStat } from './cpustat.js';
import { parsePressure } from './pressure.js';
/** x86_64 and most arm64 kernels; /proc/zoneinfo counts pages of this size. */
export const DEFAULT_PAGE_SIZE = 4096;
const WATERMARKS_MS = 30_000;
/**
 * Reads the node-wide files every tick, keeping their fds open (measured in
 * test/bench/sample.bench.ts against readFileSync of the same files).
 */
export class NodeReader {
    pageSize;
    meminfo;
    zoneinfo;
    vmstat;
    stat;
    psiMemory;
    psiIo;
    watermarks = null;
    watermarksAt = -Infinity;
    constructor(roots, pageSize = DEFAULT_PAGE_SIZE) {
        this.pageSize = pageSize;
        this.meminfo = new OpenFile(`${roots.proc}/meminfo`);
        this.zoneinfo = new OpenFile(`${roots.proc}/zoneinfo`);
        this.vmstat = new OpenFile(`${roots.proc}/vmstat`);
        this.stat = new OpenFile(`${roots.proc}/stat`);
        this.psiMemory = new OpenFile(`${roots.proc}/pressure/memory`);
        this.psiIo = new OpenFile(`${roots.proc}/pressure/io`);
    }
    /** Throws if meminfo, zoneinfo, vmstat or stat cannot be read: without them there is no sample. */
    read() {
        const psiMem = this.psiMemory.readOrNull();
        const psiIo = this.psiIo.readOrNull();
        return {
            meminfo: parseMeminfo(this.meminfo.read()),
            watermarks: this.readWatermarks(),
            vmstat: parseVmstat(this.vmstat.read()),
            cpu: parseCpuStat(this.stat.read()),
            psiMemory: psiMem === null ? null : parsePressure(psiMem),
            psiIo: psiIo === null ? null : parsePressure(psiIo),
            pageSize: this.pageSize,
        };
    }
    /**
     * The watermarks move only when min_free_kbytes or memory hotplug change
     * them, and zoneinfo is the largest node file: re-read it every 30 s, not
     * every tick.
     */
    readWatermarks() {
        const now = performance.now();
        if (this.watermarks === null || now - this.watermarksAt >= WATERMARKS_MS) {
            this.watermarks = parseZoneinfo(this.zoneinfo.read(), this.pageSize);
            this.watermarksAt = now;
        }
        return this.watermarks;
    }
    close() {
        for (const f of [this.meminfo, this.zoneinfo, this.vmstat, this.stat, this.psiMemory, this.psiIo])
            f.close();
    }
}
/** One-shot read of the node files (no kept fds). */
export function readNode(roots, pageSize = DEFAULT_PAGE_SIZE) {
    const reader = new NodeReader(roots, pageSize);
    try {
        return reader.read();
    }
    finally {
        reader.close();
    }
}
