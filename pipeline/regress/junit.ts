import type { CheckGroup } from "./baselineComparison.js";
import { byStatus, checkLine, familyLabel } from "./driftSummary.js";

/** XML 1.0 text: the five escapes, and characters XML cannot hold at all dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * JUnit XML for CI systems: one <testsuite> for the suite, one <testcase> per feature family and
 * normalisation (classname = family, name = "FAMILY in normalisation"); a failing case carries
 * every drifted, missing or added feature in its <failure> body.
 */
export function junitXml(suite: string, groups: readonly CheckGroup[], seconds: number): string {
  const failures = groups.filter((g) => g.failures.length > 0).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const time = seconds.toFixed(3);
  out.push(`<testsuites name="deface-impact regress" tests="${groups.length}" failures="${failures}" errors="0" time="${time}">`);
  out.push(`  <testsuite name="${xmlEscape(suite)}" tests="${groups.length}" failures="${failures}" errors="0" skipped="0" time="${time}">`);
  for (const g of groups) {
    const name = `${familyLabel(g.family)} in ${g.normalization}`;
    const open = `    <testcase classname="regress.${xmlEscape(g.family)}" name="${xmlEscape(name)}"`;
    if (g.failures.length === 0) {
      out.push(`${open}/>`);
      continue;
    }
    const message = `${g.failures.length} of ${g.checks.length} feature values and shifts outside tolerance`;
    out.push(`${open}>`);
    out.push(`      <failure type="drift" message="${xmlEscape(message)}">${xmlEscape(byStatus(g.failures).map(checkLine).join("\n"))}</failure>`);
    out.push("    </testcase>");
  }
  out.push("  </testsuite>");
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
