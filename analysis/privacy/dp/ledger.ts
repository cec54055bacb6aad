import { inputError } from "../../core/errors.js";
import { add, compare, formatRational, parseDecimal, rational, type Rational } from "./rational.js";

/**
 * The privacy ledger: the total budget of a table and every release made from it. Spending adds up by
 * basic composition (Σ ε, Σ δ), in exact rationals; a release that would pass either total is refused
 * before any noise is drawn. Budgets and spends are kept as decimal text, as the user wrote them.
 */
export interface LedgerEntry {
  /** ISO 8601 time of the release. */
  time: string;
  table: string;
  /** SHA-256 of the table file, so the ledger says which data each release came from. */
  table_sha256: string;
  mechanism: string;
  epsilon: string;
  delta: string;
  queries: string[];
  answers: unknown;
}

export interface Ledger {
  tool: "deface-impact";
  kind: "privacy-ledger";
  budget: { epsilon: string; delta: string };
  releases: LedgerEntry[];
}

export function newLedger(epsilon: Rational, delta: Rational): Ledger {
  return { tool: "deface-impact", kind: "privacy-ledger", budget: { epsilon: formatRational(epsilon), delta: formatRational(delta) }, releases: [] };
}

/** Validates a parsed ledger file (a wrong or edited file is refused, not repaired). */
export function parseLedger(json: unknown, path: string): Ledger {
  const l = json as Partial<Ledger>;
  const ok =
    l && l.tool === "deface-impact" && l.kind === "privacy-ledger" && l.budget && typeof l.budget.epsilon === "string" &&
    typeof l.budget.delta === "string" && Array.isArray(l.releases) &&
    l.releases.every((r) => r && typeof r.epsilon === "string" && typeof r.delta === "string");
  if (!ok) throw inputError("not a deface-impact privacy ledger (expected kind \"privacy-ledger\" with a budget and releases)", path);
  try {
    parseDecimal(l.budget!.epsilon, "budget");
    parseDecimal(l.budget!.delta, "budget");
    for (const r of l.releases!) {
      parseDecimal(r.epsilon, "epsilon");
      parseDecimal(r.delta, "delta");
    }
  } catch {
    throw inputError("the ledger holds a budget or a spend that is not a decimal number", path);
  }
  return l as Ledger;
}

export function spent(ledger: Ledger): { epsilon: Rational; delta: Rational } {
  let epsilon = rational(0n), delta = rational(0n);
  for (const r of ledger.releases) {
    epsilon = add(epsilon, parseDecimal(r.epsilon, "epsilon"));
    delta = add(delta, parseDecimal(r.delta, "delta"));
  }
  return { epsilon, delta };
}

/** Whether a release of (ε, δ) fits what is left; when not, why. */
export function admit(ledger: Ledger, epsilon: Rational, delta: Rational): { ok: true } | { ok: false; reason: string } {
  const used = spent(ledger);
  const budgetEps = parseDecimal(ledger.budget.epsilon, "budget");
  const budgetDelta = parseDecimal(ledger.budget.delta, "budget");
  const afterEps = add(used.epsilon, epsilon);
  const afterDelta = add(used.delta, delta);
  if (compare(afterEps, budgetEps) > 0) {
    return { ok: false, reason: `ε ${formatRational(epsilon)} would bring the total to ${formatRational(afterEps)}, over the budget of ${ledger.budget.epsilon} (${formatRational(used.epsilon)} spent in ${ledger.releases.length} releases)` };
  }
  if (compare(afterDelta, budgetDelta) > 0) {
    return { ok: false, reason: `δ ${formatRational(delta)} would bring the total to ${formatRational(afterDelta)}, over the budget of ${ledger.budget.delta} (${formatRational(used.delta)} spent)` };
  }
  return { ok: true };
}
