/**
 * The default robustness threshold of a feature across a cohort: robust when the lower 95 % bound of
 * its ICC(A,1) exceeds it (0.9: "excellent" reliability, Koo & Li 2016). A leaf of its own, so the
 * settings schema can take it as its default without importing the agreement statistics.
 */
export const ROBUST_ICC_LOWER = 0.9;
