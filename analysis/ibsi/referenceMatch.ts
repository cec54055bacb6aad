/**
 * IBSI reference values are given to 3 significant digits: a computed value matches when, rounded
 * to 3 significant digits, it lies within the tolerance of the reference.
 */
export function roundToSignificant(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

export function matchesReference(value: number, reference: number, tolerance: number): boolean {
  if (!Number.isFinite(value)) return false;
  const rounded = roundToSignificant(value);
  // Floating-point epsilon relative to the magnitudes involved (e.g. 0.1 + 0.2 style residues).
  const eps = 1e-9 * Math.max(1, Math.abs(reference), Math.abs(tolerance));
  // A reference printed with more digits than 3 (voxel counts such as 125256, tolerance 0) is
  // compared with the unrounded value as well.
  return Math.abs(rounded - reference) <= tolerance + eps || Math.abs(value - reference) <= tolerance + eps;
}
