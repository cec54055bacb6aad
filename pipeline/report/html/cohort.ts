import type { Estimate } from "../../../analysis/impact/agreementTypes.js";
import { escapeHtml, num, section, table } from "./format.js";
import { byFamily, byNormalisation } from "./summary.js";
import type { CohortFeatureStatistic, CohortStatistics } from "./types.js";

const interval = (value: number, lower: number, upper: number) =>
  `${num(value, 4)}<br><span class="muted small">[${num(lower, 3)}, ${num(upper, 3)}]</span>`;
const estimate = (e: Estimate) => (Number.isNaN(e.value) ? "NaN" : interval(e.value, e.lower, e.upper));

/** Section 7b: agreement between original and defaced features across subjects. */
export function cohortSection(cohort: CohortStatistics | undefined, worstCount = 20): string {
  if (!cohort?.features.length) return "";
  const threshold = cohort.robustIccLower ?? 0.9;
  const robust = (f: CohortFeatureStatistic) => f.icc.lower > threshold;
  const level = cohort.features[0].icc.level;
  const levelText = `${num(100 * level, 3)} %`;

  // Share of robust features per (condition, family · config) x normalisation.
  const norms = [...new Set(cohort.features.map((f) => f.normalization))].sort(byNormalisation);
  const rowKeys = new Map<string, { condition: string; family: string; config: string }>();
  for (const f of cohort.features) rowKeys.set(`${f.condition}\u0000${f.family}\u0000${f.config}`, f);
  const rowList = [...rowKeys.entries()].sort(
    ([, x], [, y]) => x.condition.localeCompare(y.condition) || byFamily(x.family, y.family) || x.config.localeCompare(y.config),
  );
  const shareRows = rowList.map(([key, r]) => [
    escapeHtml(r.condition),
    `${escapeHtml(r.family)} (${escapeHtml(r.config)})`,
    ...norms.map((n) => {
      const group = cohort.features.filter((f) => f.normalization === n && `${f.condition}\u0000${f.family}\u0000${f.config}` === key);
      if (!group.length) return "–";
      const k = group.filter(robust).length;
      const share = k / group.length;
      const cls = share === 1 ? "good" : share >= 0.5 ? "warn" : "bad";
      return `<span class="${cls}">${num(100 * share, 3)} %</span> <span class="muted">(${k}/${group.length})</span>`;
    }),
  ]);

  const worst = [...cohort.features]
    .filter((f) => !Number.isNaN(f.icc.lower))
    .sort((x, y) => x.icc.lower - y.icc.lower)
    .slice(0, worstCount);
  const worstRows = worst.map((f) => [
    `${escapeHtml(f.condition)}<br><span class="muted">${escapeHtml(f.normalization)} · ${escapeHtml(f.config)}</span>`,
    `${escapeHtml(f.feature)}<br><span class="code">${escapeHtml(f.ibsi_code)} · ${escapeHtml(f.family)}</span>`,
    String(f.n),
    estimate(f.icc),
    estimate(f.ccc),
    interval(f.blandAltman.bias, f.blandAltman.lowerLimit, f.blandAltman.upperLimit),
  ]);

  return section(
    "cohort",
    "Cohort statistics",
    `<p>${cohort.subjects.length} subjects. Agreement of each feature between the original and the defaced images: ICC(A,1) (two-way, absolute agreement, single measurement) and Lin's CCC with ${levelText} confidence intervals, ` +
      `and Bland–Altman bias (defaced − original) with limits of agreement, in the feature's unit. A feature is robust when the lower bound of its ICC exceeds ${num(threshold, 3)}.</p>\n` +
      table(["condition", "family (configuration)", ...norms.map(escapeHtml)], shareRows, {
        numeric: norms.map((_, i) => i + 2),
        caption: `Share of robust features (ICC lower ${levelText} bound > ${num(threshold, 3)}).`,
      }) +
      "\n" +
      table(
        [
          'condition<br><span class="muted">normalisation · config</span>',
          'feature<br><span class="muted">IBSI code · family</span>',
          "subjects",
          `ICC(A,1) [${levelText} CI]`,
          `CCC [${levelText} CI]`,
          "Bland–Altman bias [limits of agreement]",
        ],
        worstRows,
        { numeric: [2, 3, 4, 5], className: "shifts", caption: `The ${worstRows.length} least robust features (lowest ICC lower bound).` },
      ),
  );
}
