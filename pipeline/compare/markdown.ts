import { discretisationLabels } from "../../analysis/processing/processingPlan.js";
import { num, pct } from "../report/html/format.js";
import { settingsSection } from "../report/markdown.js";
import { mdTable as table } from "../report/mdTable.js";
import { bold, listOf, toMarkdown } from "../report/richText.js";
import type { CompareReport } from "./compareReport.js";
import { safeNormalisations, toolVerdict } from "./verdict.js";

/** report.md of `compare`: the verdict per tool first, then the scorecard, the cohort's robust features, and per subject. */
export function compareMarkdown(report: CompareReport): string {
  const out: string[] = [];
  const { subjects, tools, scorecard, cohort } = report;
  out.push(`# deface-impact tool comparison: ${subjects.length} subjects × ${tools.length} tools`, "");
  out.push(
    `Manifest ${report.settings.input.manifest}; tools ${tools.map((t) => `\`${t}\``).join(", ")}; normalisations ${report.normalisations.join(", ")}; ` +
      `discretisations ${discretisationLabels(report.settings.processing.discretisation).join(", ")} (and nodisc for the families that need none). ` +
      `Software deface-impact ${report.software.deface_impact}, Node ${report.software.node}. The settings are listed at the end.`,
    "",
  );
  if (report.warnings.length) out.push("## Warnings", "", ...report.warnings.map((w) => `- ${w}`), "");

  out.push("## Verdict", "");
  out.push(
    "Per tool, over every subject: how far it moved the ROI's features (the largest meaningful |rel_shift|; shifts under a degenerate discretisation, " +
      "with fewer than 8 grey levels in the ROI or fewer than 2 voxels per level, are counted apart), what it left of the face and what it removed of the brain.",
    "",
  );
  for (const t of scorecard) out.push(`- ${toMarkdown(toolVerdict(t))}`);
  const safe = safeNormalisations(report);
  out.push(
    "",
    safe.length
      ? `${toMarkdown(listOf(safe.map((n) => [bold(n)])))}: no tool moved any feature in any subject (|rel_shift| < 10⁻¹²); normalise defaced images with ${safe.includes("zscore-unmasked") ? "`zscore-unmasked`" : `\`${safe[0]}\``}.`
      : "Every normalisation of this comparison moved some feature under some tool; add `zscore-unmasked` (the volume outside the face masks) to the normalisations.",
    "",
  );

  out.push("## Scorecard: privacy and safety", "");
  out.push(
    table(
      ["tool", "subjects", "residual face mean", "residual face max", "brain intrusion total", "worst subject (brain intrusion)"],
      scorecard.map((s) => [
        s.tool,
        String(s.subjects),
        s.residual_face_mean_percent === null ? "–" : `${num(s.residual_face_mean_percent, 3)} %`,
        s.residual_face_max_percent === null ? "–" : `${num(s.residual_face_max_percent, 3)} %`,
        s.brain_intrusion_voxels_total === null ? "–" : `${s.brain_intrusion_voxels_total} voxels (${num(s.brain_intrusion_mm3_total, 5)} mm³)`,
        s.brain_intrusion_worst_subject === null
          ? s.brain_intrusion_voxels_total === null
            ? "–"
            : "none"
          : `${s.brain_intrusion_worst_subject}: ${s.brain_intrusion_worst_voxels} voxels (${num(s.brain_intrusion_worst_mm3, 5)} mm³)`,
      ]),
    ),
    "",
    "Residual face: the share of the facial skin surface still present after defacing (0 % = the face is gone). " +
      "Brain intrusion: brain voxels the tool removed (0 is safe).",
    "",
  );

  out.push("## Scorecard: how far each tool moved the features", "");
  out.push(
    "Per normalisation, the features (configuration × feature × aggregation) whose |rel_shift| exceeds 1 % and 5 % in at least one subject, " +
      "and the largest finite relative shift (signed; the subject, configuration and IBSI codes in brackets). Features under a degenerate discretisation " +
      "(fewer than 8 grey levels in the ROI, or fewer than 2 voxels per level) are not counted there: the last column gives how many there are and how many of them moved.",
    "",
  );
  out.push(
    table(
      ["tool", "normalisation", "features", "> 1 %", "> 5 %", "worst feature", "worst rel_shift", "degenerate: moved"],
      scorecard.flatMap((s) =>
        s.byNormalisation.map((c) => [
          s.tool,
          c.normalization,
          String(c.features),
          String(c.over1Percent),
          String(c.over5Percent),
          c.worst ? `${c.worst.feature} (${c.worst.ibsi_code}, ${c.worst.aggregation_code}, ${c.worst.config}, ${c.worst.subject})` : "none moved",
          pct(c.worst?.rel_shift),
          c.degenerate ? `${c.degenerateMoved} of ${c.degenerate}` : "–",
        ]),
      ),
    ),
    "",
  );

  out.push("## Cohort statistics", "");
  if (!cohort.available) {
    out.push(`Not computed: ${cohort.reason}.`, "");
  } else {
    out.push(
      `Over the ${cohort.subjects.length} subjects, per tool, normalisation, configuration, feature and aggregation: ICC(A,1) (two-way, absolute agreement, ` +
        "single measurement) and Lin's CCC between original and defaced values, each with its 95 % confidence interval, and the Bland–Altman bias " +
        `and limits of agreement: all in cohort_stats.csv. A feature is robust when the lower bound of its ICC exceeds ${cohort.robust_icc_lower}. ` +
        "The table gives, per family, the share of robust features (configurations and aggregations pooled; robust/all in brackets). " +
        "Features constant across subjects have no ICC (NaN, with the reason in cohort_stats.csv) and count as not robust.",
      "",
    );
    const families = [...new Set(cohort.robust.map((r) => r.family))];
    const lines = [...new Set(cohort.robust.map((r) => `${r.condition}\u0000${r.normalization}`))];
    out.push(
      table(
        ["tool", "normalisation", ...families],
        lines.map((key) => {
          const [tool, normalization] = key.split("\u0000");
          return [
            tool,
            normalization,
            ...families.map((f) => {
              const r = cohort.robust.find((x) => x.condition === tool && x.normalization === normalization && x.family === f);
              return r ? `${num(100 * r.share, 3)} % (${r.robust}/${r.features})` : "–";
            }),
          ];
        }),
      ),
      "",
    );
  }

  out.push("## Subjects: what each tool removed", "");
  const v = (x: number | null, unit = "") => (x === null ? "–" : `${num(x, 4)}${unit}`);
  out.push(
    table(
      ["subject", "tool", "how", "voxels replaced", "head removed", "brain intrusion", "mask → ROI", "residual face"],
      subjects.flatMap((s) =>
        s.conditions.map((c) => {
          const d = s.defacing.find((x) => x.condition === c.name)?.summary;
          return [
            s.subject,
            c.name,
            c.description + (d?.detected_fill ? " (detected)" : ""),
            String(c.voxels_replaced),
            d ? v(d.safety.head_removed_percent, " %") : "–",
            d ? `${v(d.safety.brain_intrusion_voxels, " voxels")} (${v(d.safety.brain_intrusion_mm3, " mm³")})` : "–",
            d ? v(d.safety.min_distance_to_roi_mm, " mm") : "–",
            d ? v(d.privacy.residual_face_percent, " %") : "–",
          ];
        }),
      ),
    ),
    "",
  );
  out.push(
    table(
      ["subject", "modality", "grid", "spacing (mm)", "ROI voxels", "brain mask", "head mask"],
      subjects.map((s) => [s.subject, s.modality, s.dims.join("×"), s.spacing_mm.map((x) => num(x)).join("×"), String(s.roi_voxels), s.masks.brain, s.masks.head]),
    ),
    "",
  );

  out.push("## Inputs", "");
  const files = [report.inputs.manifest, ...report.inputs.subjects.flatMap((s) => s.files.map((f) => ({ ...f, role: `${s.subject}: ${f.role}` })))];
  out.push(table(["role", "path", "bytes", "sha256"], files.map((i) => [i.role, i.path, String(i.bytes), i.sha256])), "");
  out.push("All feature values are in features.csv, every shift in shifts.csv (same columns as `run`), the scorecard in scorecard.csv.", "");
  out.push(settingsSection(report.settings));
  return out.join("\n");
}
