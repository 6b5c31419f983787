// What every benchmark does with its figures: print them and keep them in
// test/bench/results/<name>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export function reportResult(name: string, result: unknown): void {
  const text = JSON.stringify(result, null, 2);
  console.log(text);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), text + '\n');
}
