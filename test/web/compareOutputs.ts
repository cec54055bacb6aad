/**
 * Compares the web app's report files with the CLI's. Both run the same code, but on different
 * JavaScript engines: the machine's Node 20 (V8 11.3) and Debian's Chromium (a newer V8) compute
 * Math.exp, log, pow, cbrt, sin, atan2 ... differently in the last bit for a few percent of their
 * arguments (measured: see README, "The web app"). A feature that calls one of them may then differ
 * in its last bits, more where it cancels (1 - exp(-x) for small x), and so may a shift computed
 * from it. So: every file must hold the same text once every number is set aside, and the numbers
 * must agree to 1e-9 (relative; absolute below 1), far below any effect a wrong setting or a bug
 * would have; the renders (integer arithmetic) must be byte-identical.
 */

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;
const TOLERANCE = 1e-9;

export interface TextComparison {
  /** numbers compared, and how many differ at all (by any amount). */
  numbers: number;
  differing: number;
  /** the largest |a - b| / max(1, |a|, |b|) seen. */
  largest: number;
  /** the first problem found: a text difference, or a number beyond the tolerance. */
  problem?: string;
}

export function compareText(cli: string, web: string): TextComparison {
  const a = split(cli);
  const b = split(web);
  const out: TextComparison = { numbers: 0, differing: 0, largest: 0 };
  if (a.text.length !== b.text.length || a.text.some((t, n) => t !== b.text[n])) {
    const n = a.text.findIndex((t, i) => t !== b.text[i]);
    out.problem = `text differs at piece ${n}: ${JSON.stringify(a.text[n]?.slice(0, 120))} vs ${JSON.stringify(b.text[n]?.slice(0, 120))}`;
    return out;
  }
  a.numbers.forEach((x, n) => {
    const y = b.numbers[n];
    out.numbers++;
    if (x === y) return;
    out.differing++;
    const gap = Math.abs(Number(x) - Number(y)) / Math.max(1, Math.abs(Number(x)), Math.abs(Number(y)));
    out.largest = Math.max(out.largest, gap);
    if (!(gap <= TOLERANCE) && !out.problem) out.problem = `number ${n}: ${x} vs ${y} (${gap.toExponential(2)} apart)`;
  });
  return out;
}

/** The text between the numbers, and the numbers as written. */
function split(s: string): { text: string[]; numbers: string[] } {
  return { text: s.split(NUMBER), numbers: s.match(NUMBER) ?? [] };
}
