import { startPty } from './e2e/pty.js';
const a = startPty({ cols: 120, rows: 40, command: `node /work/main/dist/cli.js --config /tmp/prof/c.yaml`, comm: 'node', cwd: '/work/main', timeoutSec: 200 });
const b = startPty({ cols: 120, rows: 40, command: `node /work/main/dist-old/cli.js --config /tmp/prof/c.yaml`, comm: 'node', cwd: '/work/main', timeoutSec: 200 });
await new Promise((res) => setTimeout(res, 6000));
console.log(a.programPid(), b.programPid());
await new Promise((res) => setTimeout(res, Number(process.env.S ?? 40) * 1000));
a.stop(); b.stop(); process.exit(0);
