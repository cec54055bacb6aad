/** Flattens settings to dotted paths with JSON values, for a line-by-line difference. */
function flatten(v: unknown, prefix: string, out: Map<string, string>): void {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(v));
}

/** "phantom_seed: 1 → 2" for every setting that differs between the baseline and this run. */
export function settingsDifferences(baseline: Record<string, unknown>, current: Record<string, unknown>): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(baseline, "", a);
  flatten(current, "", b);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k) ?? "(absent)"} → ${b.get(k) ?? "(absent)"}`);
}
