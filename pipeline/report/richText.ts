import { escapeHtml } from "./html/format.js";

/**
 * Text with a little emphasis, written once and rendered for each medium: the verdict of a run reads
 * the same in report.html, report.md and the terminal.
 */
export type Span = string | { bold: string | RichText } | { code: string } | { sub: string };
export type RichText = Span[];

export const bold = (text: string | RichText): Span => ({ bold: text });
export const code = (text: string): Span => ({ code: text });
export const sub = (text: string): Span => ({ sub: text });

/** "a", "a and b", "a, b and c" of spans. */
export function listOf(items: RichText[]): RichText {
  const out: RichText = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(i === items.length - 1 ? " and " : ", ");
    out.push(...item);
  });
  return out;
}

const inner = (b: string | RichText): RichText => (typeof b === "string" ? [b] : b);

export function toHtml(text: RichText): string {
  return text
    .map((s) =>
      typeof s === "string"
        ? escapeHtml(s)
        : "bold" in s
          ? `<b>${toHtml(inner(s.bold))}</b>`
          : "code" in s
            ? `<code>${escapeHtml(s.code)}</code>`
            : `<sub>${escapeHtml(s.sub)}</sub>`,
    )
    .join("");
}

/**
 * Markdown: bold and code marked. Plain text is escaped only where Markdown would read markup (stars,
 * backticks, backslashes, a tag-like `<`, an underscore at a word edge), so report.md stays readable as
 * text: rel_shift and "< 10⁻¹²" are left alone.
 */
export function toMarkdown(text: RichText): string {
  const escape = (t: string) =>
    t
      .replace(/([\\*`])/g, "\\$1")
      .replace(/<(?=[A-Za-z/!?])/g, "\\<")
      .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (m) => m.replace("_", "\\_"));
  return text
    .map((s) => (typeof s === "string" ? escape(s) : "bold" in s ? `**${toMarkdown(inner(s.bold))}**` : "code" in s ? `\`${s.code}\`` : `\\_${escape(s.sub)}`))
    .join("");
}

export function toPlain(text: RichText): string {
  return text.map((s) => (typeof s === "string" ? s : "bold" in s ? toPlain(inner(s.bold)) : "code" in s ? s.code : `_${s.sub}`)).join("");
}
