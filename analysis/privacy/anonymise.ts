import { DefaceImpactError, usageError } from "../core/errors.js";
import { classMeasures } from "./classMeasures.js";
import { tableDistribution } from "./closeness.js";
import { automaticHierarchy, buildLevels, type ColumnLevels, type HierarchySpec } from "./hierarchy.js";
import { NodeClassifier } from "./nodeClasses.js";
import { DEFAULT_RECURSIVE_C, type LForm } from "./releaseCheck.js";
import { sensitiveAttribute } from "./sensitiveAttribute.js";
import { column, makeTable, requireRows, type DataTable } from "./table.js";

/**
 * Full-domain generalisation with record suppression (Samarati 2001; LeFevre et al. 2005; the search
 * space of ARX): every quasi-identifier is generalised to one level of its hierarchy for the whole
 * table, and the records of classes that still miss a privacy model are removed, up to a limit.
 * Among all the lattice's nodes that meet every requested model, the one with the least information
 * loss is returned — not the first one found.
 *
 * Information loss is Iyengar's loss metric (LM, 2002): each quasi-identifier cell loses between 0
 * (as written) and 1 ("*"; a suppressed record loses 1 in every quasi-identifier), averaged over cells.
 *
 * The search is exact branch and bound. The loss of a node is at least the loss of its generalisation
 * alone (suppression only adds loss), and that lower bound is cheap (per column and level, summed) and
 * only grows along the lattice. Nodes are evaluated in increasing lower bound, and the search stops
 * when the bound reaches the best loss found: no node left can do better. (Monotonicity of the models
 * would not prune more here: a node below another has a lower bound no larger, so it is evaluated first;
 * and entropy/recursive ℓ-diversity and t-closeness are not monotone once records are suppressed —
 * merging a good class into a bad one can make both bad.)
 */
export interface AnonymiseOptions {
  quasi: string[];
  /** hierarchies by column; quasi-identifiers without one get automaticHierarchy. */
  hierarchies?: Record<string, HierarchySpec>;
  /** quasi-identifiers (and the sensitive attribute) that are numbers. */
  numeric?: string[];
  sensitive?: string;
  k: number;
  l?: number;
  lForm?: LForm;
  c?: number;
  t?: number;
  /** largest share of records that may be removed, 0 … 1. */
  maxSuppression: number;
  /** called as lattice nodes are evaluated (the total is the lattice's size: pruning ends earlier). */
  onProgress?: (visited: number, total: number) => void;
}

export interface GeneralisedColumn {
  column: string;
  level: number;
  levels: number;
  /** what the level means: "as written", "bands of 10", "month", "level 1", "*". */
  name: string;
}

export interface AnonymiseResult {
  released: DataTable;
  columns: GeneralisedColumn[];
  records: number;
  suppressed: number;
  /** the loss metric LM of the chosen node, 0 … 1. */
  loss: number;
  /** discernibility metric: Σ over released classes of size², plus suppressed × records. */
  discernibility: number;
  classes: number;
  achieved: { k: number; l_distinct: number | null; l_entropy: number | null; l_recursive: number | null; t: number | null };
  lattice: { nodes: number; evaluated: number; pruned_by_bound: number };
}

export const MAX_LATTICE_NODES = 500_000;

interface Evaluation {
  feasible: boolean;
  loss: number;
  suppressedRows: number;
  keep: Uint8Array;
  classOf: Int32Array;
  sizes: number[];
  kept: boolean[];
  measures?: ReturnType<typeof classMeasures>;
}

export function anonymise(table: DataTable, o: AnonymiseOptions): AnonymiseResult {
  requireRows(table);
  if (o.quasi.length === 0) throw usageError("give at least one quasi-identifier (--quasi)");
  if (!(o.k >= 1)) throw usageError("k must be at least 1");
  if (!(o.maxSuppression >= 0 && o.maxSuppression <= 1)) throw usageError("--max-suppression must lie between 0 and 1");
  if ((o.l !== undefined || o.t !== undefined) && o.sensitive === undefined) throw usageError("--l and --t need the sensitive attribute (--sensitive)");
  for (const name of Object.keys(o.hierarchies ?? {})) {
    if (!o.quasi.includes(name)) throw usageError(`the hierarchies file describes "${name}", which is not among the quasi-identifiers (--quasi ${o.quasi.join(",")})`);
  }
  const numeric = o.numeric ?? [];
  const columns: ColumnLevels[] = o.quasi.map((q) => {
    const spec = o.hierarchies?.[q] ?? automaticHierarchy([...new Set(column(table, q, "quasi-identifier"))], numeric.includes(q));
    return buildLevels(table, q, spec);
  });
  const n = table.rows;
  const q = columns.length;
  const sensitive = o.sensitive === undefined ? undefined : sensitiveAttribute(table, o.sensitive, numeric.includes(o.sensitive));
  const reference = sensitive ? tableDistribution(sensitive.counts) : undefined;
  const c = o.c ?? DEFAULT_RECURSIVE_C;
  const allowed = Math.floor(o.maxSuppression * n + 1e-9);
  const classifier = new NodeClassifier(columns, n);

  const evaluate = (node: number[]): Evaluation => {
    const { classOf, sizes } = classifier.classify(node);
    const kept = sizes.map((s) => s >= o.k);
    let measures;
    if (sensitive && (o.l !== undefined || o.t !== undefined)) {
      measures = classMeasures(classOf, sizes, sensitive, c, reference);
      const form = o.lForm ?? "distinct";
      const l = form === "distinct" ? measures.lDistinct : form === "entropy" ? measures.lEntropy : measures.lRecursive;
      for (let j = 0; j < sizes.length; j++) {
        if (o.l !== undefined && l[j] < o.l - 1e-12) kept[j] = false;
        if (o.t !== undefined && measures.t[j] > o.t + 1e-12) kept[j] = false;
      }
    }
    let suppressedRows = 0;
    for (let j = 0; j < sizes.length; j++) if (!kept[j]) suppressedRows += sizes[j];
    const keep = new Uint8Array(n);
    let loss = 0;
    for (let ci = 0; ci < q; ci++) loss += columns[ci].totalLoss[node[ci]];
    for (let r = 0; r < n; r++) {
      if (kept[classOf[r]]) {
        keep[r] = 1;
        continue;
      }
      // a suppressed record loses every quasi-identifier: 1 each instead of its generalisation's loss
      let rowLoss = 0;
      for (let ci = 0; ci < q; ci++) rowLoss += columns[ci].loss[node[ci]][columns[ci].valueOf[r]];
      loss += q - rowLoss;
    }
    return { feasible: suppressedRows <= allowed, loss: loss / (n * q), suppressedRows, keep, classOf: classOf.slice(), sizes, kept, measures };
  };

  // every node, with the lower bound of its loss (its generalisation alone)
  const heights = columns.map((col) => col.labels.length);
  const total = heights.reduce((p, h) => p * h, 1);
  if (total > MAX_LATTICE_NODES) {
    throw usageError(`the generalisation lattice has ${total} nodes (more than ${MAX_LATTICE_NODES}): use fewer quasi-identifiers or fewer hierarchy levels`);
  }
  const nodes: { levels: number[]; bound: number; height: number }[] = [];
  for (let index = 0; index < total; index++) {
    const levels: number[] = [];
    let rest = index;
    for (const h of heights) {
      levels.push(rest % h);
      rest = Math.floor(rest / h);
    }
    let bound = 0;
    levels.forEach((l, ci) => (bound += columns[ci].totalLoss[l]));
    nodes.push({ levels, bound: bound / (n * q), height: levels.reduce((s, l) => s + l, 0) });
  }
  // ties: the less generalised node first, then lexicographic, so the result is deterministic
  nodes.sort((a, b) => a.bound - b.bound || a.height - b.height || compareLevels(a.levels, b.levels));

  const fail = () => {
    const what = [`k=${o.k}`, o.l !== undefined ? `ℓ=${o.l} (${o.lForm ?? "distinct"})` : "", o.t !== undefined ? `t=${o.t}` : ""].filter(Boolean).join(", ");
    return new DefaceImpactError("check", `no generalisation of ${o.quasi.join(", ")} meets ${what} with at most ${(100 * o.maxSuppression).toFixed(2)} % of the records suppressed (${n} records)`, table.source);
  };
  // k and distinct ℓ never suppress more after generalising: when even the top node ("*" everywhere) fails, all do
  const monotone = o.t === undefined && (o.l === undefined || (o.lForm ?? "distinct") === "distinct");
  if (monotone && !evaluate(heights.map((h) => h - 1)).feasible) throw fail();

  let best: { levels: number[]; evaluation: Evaluation } | undefined;
  let evaluated = 0, pruned = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (best && node.bound >= best.evaluation.loss - 1e-15) {
      pruned = nodes.length - i;
      break;
    }
    const e = evaluate(node.levels);
    evaluated++;
    if (evaluated % 8 === 0) o.onProgress?.(i + 1, nodes.length);
    if (e.feasible && (!best || e.loss < best.evaluation.loss - 1e-15)) best = { levels: node.levels, evaluation: e };
  }
  if (!best) throw fail();
  // ℓ and t of the result are reported whenever there is a sensitive attribute, requested or not
  if (sensitive && !best.evaluation.measures) best.evaluation.measures = classMeasures(best.evaluation.classOf, best.evaluation.sizes, sensitive, c, reference);
  return result(table, columns, best.levels, best.evaluation, { nodes: total, evaluated, pruned_by_bound: pruned });
}

const compareLevels = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

function result(table: DataTable, columns: ColumnLevels[], levels: number[], e: Evaluation, lattice: AnonymiseResult["lattice"]): AnonymiseResult {
  const names = [...table.names];
  const generalised = table.columns.map((cells, ci) => {
    const qi = columns.findIndex((col) => col.column === table.names[ci]);
    if (qi < 0) return cells.filter((_, r) => e.keep[r] === 1);
    const col = columns[qi];
    const labels = col.labels[levels[qi]];
    const out: string[] = [];
    for (let r = 0; r < cells.length; r++) if (e.keep[r] === 1) out.push(labels[col.valueOf[r]]);
    return out;
  });
  const keptClasses = e.sizes.map((s, j) => (e.kept[j] ? j : -1)).filter((j) => j >= 0);
  const min = (f: (j: number) => number) => keptClasses.reduce((m, j) => Math.min(m, f(j)), Infinity);
  const m = e.measures;
  let discernibility = e.suppressedRows * table.rows;
  for (const j of keptClasses) discernibility += e.sizes[j] ** 2;
  return {
    released: makeTable(table.source, names, generalised),
    columns: columns.map((col, i) => ({ column: col.column, level: levels[i], levels: col.labels.length - 1, name: col.names[levels[i]] })),
    records: table.rows,
    suppressed: e.suppressedRows,
    loss: e.loss,
    discernibility,
    classes: keptClasses.length,
    achieved: {
      k: min((j) => e.sizes[j]),
      l_distinct: m ? min((j) => m.lDistinct[j]) : null,
      l_entropy: m ? min((j) => m.lEntropy[j]) : null,
      l_recursive: m ? min((j) => m.lRecursive[j]) : null,
      t: m ? keptClasses.reduce((x, j) => Math.max(x, m.t[j]), 0) : null,
    },
    lattice,
  };
}
