/** Thrown by the loader with every problem found, not just the first. */
export class ConfigError extends Error {
    issues;
    constructor(issues) {
        super(issues.map(formatIssue).join('\n'));
        this.name = 'ConfigError';
        this.issues = issues;
    }
}
export function formatIssue(i) {
    return `${i.file}:${i.line}:${i.col}: ${i.message}`;
}
