// "did you mean" for unknown keys: optimal string alignment distance counts a
// swap of two neighbours as one edit, so 'levle' is one step from 'level'.
export function editDistance(a, b) {
    const d = [];
    for (let i = 0; i <= a.length; i++)
        d.push([i, ...new Array(b.length).fill(0)]);
    for (let j = 0; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                v = Math.min(v, d[i - 2][j - 2] + 1);
            d[i][j] = v;
        }
    }
    return d[a.length][b.length];
}
/** The closest known word when it is plausibly a typo, else null. */
export function closest(word, known) {
    const lower = word.toLowerCase();
    let best = null;
    let bestDist = Infinity;
    for (const k of known) {
        const dist = k.toLowerCase() === lower ? 0 : editDistance(lower, k.toLowerCase());
        if (dist < bestDist) {
            best = k;
            bestDist = dist;
        }
    }
    // Up to 2 edits, and never more than a third of the word: 'pid' must not
    // suggest 'pod' for 'xyz'.
    const limit = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
    return best !== null && bestDist <= limit ? best : null;
}
