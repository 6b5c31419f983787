// User-written patterns (rules in the config, the TUI's rule dialog) are
// compiled with re2js, a port of RE2: matching is linear in the input, so a
// pattern like `(a+)+$` cannot stall the killer on a hostile command line.
// JavaScript's RegExp backtracks and must never see a user pattern.
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
/** Compiles a user pattern, or explains why it is not valid RE2 syntax. */
export function compileRegex(pattern) {
    try {
        return { re: RE2JS.compile(pattern) };
    }
    catch (err) {
        if (err instanceof RE2JSSyntaxException) {
            // `input` is the offending fragment (e.g. "(?=" or "z-a"); locate it so
            // the config error can point at the exact column.
            const fragment = err.input;
            const index = fragment ? pattern.indexOf(fragment) : -1;
            const detail = fragment ? `${err.error}: \`${fragment}\`` : err.error;
            return { problem: { message: `invalid regex: ${detail}`, index: index >= 0 ? index : null } };
        }
        if (err instanceof RE2JSException)
            return { problem: { message: `invalid regex: ${err.message}`, index: null } };
        throw err;
    }
}
/** Unanchored search, like grep: `^`/`$` anchor to the whole input (no multiline). */
export function regexFinds(re, input) {
    return re.test(input);
}
