import * as portable from "../../../analysis/core/portableMath.js";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A number with `digits` significant digits; exponent notation for very large or small values. */
export function num(x: number | null | undefined, digits = 4): string {
  if (x === undefined || x === null) return "–";
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  // Large values keep their digits with thousands separators (373,393 mm³); only extremes use exponents.
  const s =
    a >= 1e12 || a < 1e-3
      ? x.toExponential(digits - 1)
      : a >= 1e5
        ? x.toLocaleString("en-US", { maximumSignificantDigits: Math.max(digits, Math.ceil(portable.log10(a + 1))) })
        : String(Number(x.toPrecision(digits)));
  return s.replace(/^-/, "−");
}

/** A fraction as a signed percentage, e.g. 0.0123 -> "+1.23 %". */
export function pct(x: number | null | undefined, digits = 3, signed = true): string {
  if (x === undefined || x === null) return "–";
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x < 0 ? "−∞" : signed ? "+∞" : "∞";
  const s = num(100 * x, digits);
  return `${signed && x > 0 ? "+" : ""}${s} %`;
}

/** An HTML table; cells are already-escaped HTML; numeric columns are right-aligned. */
export function table(header: string[], rows: string[][], options: { numeric?: number[]; caption?: string; className?: string } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const cls = (j: number) => (numeric.has(j) ? ' class="n"' : "");
  return [
    `<div class="scroll"><table${options.className ? ` class="${options.className}"` : ""}>`,
    options.caption ? `<caption>${options.caption}</caption>` : "",
    `<thead><tr>${header.map((h, j) => `<th${cls(j)}>${h}</th>`).join("")}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, j) => `<td${cls(j)}>${c}</td>`).join("")}</tr>`).join("\n")}</tbody>`,
    "</table></div>",
  ].join("\n");
}

/** A report section with an anchor for the table of contents. */
export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}
