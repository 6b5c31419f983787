import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError, type ConfigIssue } from './errors.js';
import { validateDocument } from './validate.js';
import type { Config } from './types.js';

export { ConfigError, formatIssue, type ConfigIssue } from './errors.js';

export interface LoadedConfig {
  config: Config;
  /** The parsed document, kept so edits (save.ts) preserve comments and layout. */
  doc: Document;
}

/** Parses and validates config text; throws ConfigError listing every problem. */
export function parseConfig(text: string, fileName: string): LoadedConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    // Syntax errors make the tree unreliable; report them alone.
    const issues: ConfigIssue[] = doc.errors.map((e) => {
      const { line, col } = lc.linePos(e.pos[0]);
      return { file: fileName, line, col, path: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` };
    });
    throw new ConfigError(issues);
  }
  const { config, issues } = validateDocument(doc, text, fileName, lc);
  if (issues.length > 0) throw new ConfigError(issues);
  return { config, doc };
}

/** Reads and validates a config file. A missing or unreadable file is a ConfigError too. */
export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why = code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`;
    throw new ConfigError([{ file: path, line: 1, col: 1, path: '', message: why }]);
  }
  return parseConfig(text, path);
}
