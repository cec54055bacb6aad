/**
 * Compares the web app's report files with the CLI's. Both run the same code on different JavaScript
 * engines (the machine's Node 20 and Debian's Chromium, a newer V8), whose Math.exp, log, pow, sin …
 * differ in the last bit; the code computes with analysis/core/portableMath.ts instead, so the files
 * must be byte-identical. When they are not, this says where: the first piece of text or the first
 * number that differs, and how many numbers differ in all (a last-bit engine difference touches a
 * few, a wrong setting or a bug many).
 */

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** Undefined when the texts are identical, otherwise where and how they differ. */
export function describeDifference(cli: string, web: string): string | undefined {
  if (cli === web) return undefined;
  const a = split(cli);
  const b = split(web);
  if (a.text.length !== b.text.length || a.text.some((t, n) => t !== b.text[n])) {
    const n = a.text.findIndex((t, i) => t !== b.text[i]);
    return `text differs at piece ${n}: ${JSON.stringify(a.text[n]?.slice(0, 120))} vs ${JSON.stringify(b.text[n]?.slice(0, 120))}`;
  }
  const differing = a.numbers.flatMap((x, n) => (x === b.numbers[n] ? [] : [n]));
  const n = differing[0];
  const gap = Math.abs(Number(a.numbers[n]) - Number(b.numbers[n])) / Math.max(1, Math.abs(Number(a.numbers[n])));
  const context = a.text[n].slice(-80);
  return `${differing.length} of ${a.numbers.length} numbers differ; the first, after ${JSON.stringify(context)}: ${a.numbers[n]} vs ${b.numbers[n]} (${gap.toExponential(2)} apart)`;
}

/** The text between the numbers, and the numbers as written. */
function split(s: string): { text: string[]; numbers: string[] } {
  return { text: s.split(NUMBER), numbers: s.match(NUMBER) ?? [] };
}
