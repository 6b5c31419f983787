// Writes test/ui/screen-capture.txt: the screen at 120x40 over the fake
// engine's fixture, as a terminal shows it (for the README).
// Run: TZ=UTC node --import tsx test/ui/capture.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHarness } from './harness.js';

const h = await startHarness({ cols: 120, rows: 40 });
const text = h.lines().map((l) => l.trimEnd()).join('\n') + '\n';
h.close();
writeFileSync(fileURLToPath(new URL('./screen-capture.txt', import.meta.url)), text);
process.stdout.write(text);
