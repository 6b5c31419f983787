import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './errors.js';
import { validateDocument } from './validate.js';
export { ConfigError, formatIssue } from './errors.js';
/** Parses and validates config text; throws ConfigError listing every problem. */
export function parseConfig(text, fileName) {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, keepSourceTokens: false });
    if (doc.errors.length > 0) {
        // Syntax errors make the tree unreliable; report them alone.
        const issues = doc.errors.map((e) => {
            const { line, col } = lc.linePos(e.pos[0]);
            return { file: fileName, line, col, path: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` };
        });
        throw new ConfigError(issues);
    }
    const { config, issues } = validateDocument(doc, text, fileName, lc);
    if (issues.length > 0)
        throw new ConfigError(issues);
    return { config, doc };
}
/** Reads and validates a config file. A missing or unreadable file is a ConfigError too. */
export function loadConfig(path) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (err) {
        const code = err.code ?? '';
        const why = code === 'ENOENT' ? 'file not found' : `cannot read: ${err.message}`;
        throw new ConfigError([{ file: path, line: 1, col: 1, path: '', message: why }]);
    }
    return parseConfig(text, path);
}
