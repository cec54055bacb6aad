/**
 * Units of normalised intensities and of features, for labels. A z-score is in units of the
 * region's σ; `percentile` maps the head's P1..P99 range to 0..1.
 */
export function normalisedUnit(normalization: string, imageUnit: string): string {
  if (normalization === "none") return imageUnit;
  if (normalization === "percentile") return "P1–P99 range";
  if (normalization.startsWith("zscore")) return "σ";
  return "normalised units";
}

const MORPHOLOGY_UNITS: Record<string, string> = {
  RNU0: "mm³",
  YEKZ: "mm³",
  C0JK: "mm²",
  "2PR5": "mm⁻¹",
  KLMA: "mm",
  L0JK: "mm",
  TDIC: "mm",
  P9VJ: "mm",
  "7J51": "mm",
};
/** Intensity statistics without units (ratios, standardised moments). */
const UNITLESS_STATISTICS = new Set(["KE2A", "IPH6", "7TET", "9S40"]);
const SQUARED_STATISTICS = new Set(["ECT3", "N8CA"]);

/**
 * The unit of a feature's value, given the unit `u` of the intensities it saw. Histogram and texture
 * features count grey levels or are ratios: "–" (dimensionless).
 */
export function featureUnit(family: string, code: string, u: string): string {
  const squared = u === "σ" ? "σ²" : `(${u})²`;
  switch (family) {
    case "morphology":
      if (code === "99N0") return `${u}·mm³`;
      return MORPHOLOGY_UNITS[code] ?? "–";
    case "local_intensity":
      return u;
    case "intensity_statistics":
      if (UNITLESS_STATISTICS.has(code)) return "–";
      return SQUARED_STATISTICS.has(code) ? squared : u;
    default:
      return "–";
  }
}
