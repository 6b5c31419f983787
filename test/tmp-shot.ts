import { startPty } from './e2e/pty.js';
const r = startPty({ cols: 120, rows: 40, command: process.env.CMD!, comm: 'node', cwd: '/work/main', timeoutSec: 60 });
await new Promise((res) => setTimeout(res, 5000));
console.log(r.text());
r.stop(); process.exit(0);
