import { inputError, usageError } from "../core/errors.js";
import { dayInterval, parseDay } from "./dates.js";
import { levenshteinSimilarity } from "./levenshtein.js";
import { SUPPRESSED } from "./hierarchy.js";
import { column, dictionaryEncode, requireRows, type DataTable } from "./table.js";

/**
 * The linkage attack on a released table d with a public registry r: the candidates of a released
 * record are
 *   M(d) = { r : sex(r) = sex(d), |age(r) − age(d)| ≤ δa, |date(r) − date(d)| ≤ δt, σ(hosp(r), inst(d)) ≥ θ }
 * with σ the normalised Levenshtein similarity of the institution names (compared trimmed, case and
 * runs of spaces ignored). A record is re-identified when |M(d)| = 1. A generalised release is
 * attacked as such: an age band "[30,35)" or a period "2023-04" matches within the tolerance of any
 * value it covers, and "*" matches anything.
 *
 * Never all pairs: the registry is blocked by sex and by whole years of age, each block sorted by
 * date, so a released record reads only the registry records inside its age and date windows, and
 * the similarity of each pair of institution names is computed once.
 */
export interface LinkColumns {
  sex: string;
  age: string;
  date: string;
  institution: string;
}

export const DEFAULT_LINK_COLUMNS: LinkColumns = { sex: "sex", age: "age", date: "date", institution: "institution" };

export interface LinkOptions {
  releaseColumns: LinkColumns;
  registryColumns: LinkColumns;
  /** δa, years. */
  ageTolerance: number;
  /** δt, days. */
  dateTolerance: number;
  /** θ, 0 … 1. */
  institutionSimilarity: number;
  /** a column in both tables naming the person: counts the correct re-identifications. */
  truth?: string;
}

/** Counting stops here: a record with this many candidates is far from re-identified. */
export const MATCH_COUNT_CAP = 100;

export interface LinkRow {
  /** 1-based row of the release. */
  row: number;
  /** |M(d)|, counted up to MATCH_COUNT_CAP. */
  matches: number;
  reidentified: boolean;
  /** 1-based registry row of the single match. */
  registry_row: number | null;
  /** with a truth column: whether the single match is the right person. */
  correct: boolean | null;
}

export interface LinkResult {
  records: number;
  reidentified: number;
  correct: number | null;
  /** reidentified / records */
  rate: number;
  rows: LinkRow[];
}

const normaliseName = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
const normaliseSex = (s: string) => s.trim().toLowerCase();

/** [lo, hi] of an age cell: a number, a band "[a,b)" / "a-b", or "*". */
function ageInterval(text: string): [number, number] {
  const s = text.trim();
  if (s === SUPPRESSED) return [-Infinity, Infinity];
  if (s !== "" && Number.isFinite(Number(s))) return [Number(s), Number(s)];
  const m = /^[[(]?\s*(-?[\d.]+)\s*[,-]\s*(-?[\d.]+)\s*[\])]?$/.exec(s);
  if (m && Number.isFinite(+m[1]) && Number.isFinite(+m[2])) return [+m[1], +m[2]];
  return [NaN, NaN];
}

function dateRange(text: string): [number, number] {
  return text.trim() === SUPPRESSED ? [-Infinity, Infinity] : dayInterval(text);
}

interface Block {
  days: Float64Array;
  ages: Float64Array;
  rows: Int32Array;
}

export function linkageAttack(release: DataTable, registry: DataTable, o: LinkOptions): LinkResult {
  requireRows(release);
  requireRows(registry);
  if (!(o.ageTolerance >= 0) || !(o.dateTolerance >= 0)) throw usageError("--age-tol and --date-tol must be numbers >= 0");
  if (!(o.institutionSimilarity >= 0 && o.institutionSimilarity <= 1)) throw usageError("--inst-sim must lie between 0 and 1");
  const rc = o.releaseColumns, pc = o.registryColumns;
  const rel = {
    sex: column(release, rc.sex, "sex column"),
    age: column(release, rc.age, "age column"),
    date: column(release, rc.date, "date column"),
    inst: column(release, rc.institution, "institution column"),
  };
  const reg = {
    sex: column(registry, pc.sex, "sex column"),
    age: column(registry, pc.age, "age column"),
    date: column(registry, pc.date, "date column"),
    inst: column(registry, pc.institution, "institution column"),
  };
  const relTruth = o.truth ? column(release, o.truth, "truth column") : undefined;
  const regTruth = o.truth ? column(registry, o.truth, "truth column") : undefined;

  // institution names -> ids on each side; similarity per pair of ids, computed on first use
  const relInst = dictionaryEncode(rel.inst, normaliseName);
  const regInst = dictionaryEncode(reg.inst, normaliseName);
  const nReg = regInst.values.length;
  const similar = new Int8Array(relInst.values.length * nReg); // 0 unknown, 1 yes, -1 no
  const institutionsMatch = (a: number, b: number): boolean => {
    const cell = a * nReg + b;
    if (similar[cell] === 0) {
      const name = relInst.values[a];
      similar[cell] = name === SUPPRESSED || levenshteinSimilarity(name, regInst.values[b]) >= o.institutionSimilarity ? 1 : -1;
    }
    return similar[cell] === 1;
  };

  // blocks: sex -> whole year of age -> records sorted by date
  const grouped = new Map<string, Map<number, number[]>>();
  const regAge = new Float64Array(registry.rows);
  const regDay = new Float64Array(registry.rows);
  for (let r = 0; r < registry.rows; r++) {
    const age = reg.age[r].trim() === "" ? NaN : Number(reg.age[r]);
    if (!Number.isFinite(age)) throw inputError(`row ${r + 1}: the registry's age "${reg.age[r]}" is not a number`, registry.source);
    const day = parseDay(reg.date[r]);
    if (Number.isNaN(day)) throw inputError(`row ${r + 1}: the registry's date "${reg.date[r]}" is not a date (YYYY-MM-DD)`, registry.source);
    regAge[r] = age;
    regDay[r] = day;
    const sex = normaliseSex(reg.sex[r]);
    let bySex = grouped.get(sex);
    if (!bySex) grouped.set(sex, (bySex = new Map()));
    const bucket = Math.floor(age);
    let rows = bySex.get(bucket);
    if (!rows) bySex.set(bucket, (rows = []));
    rows.push(r);
  }
  const blocks = new Map<string, { buckets: number[]; byBucket: Map<number, Block> }>();
  for (const [sex, bySex] of grouped) {
    const byBucket = new Map<number, Block>();
    for (const [bucket, rows] of bySex) {
      rows.sort((a, b) => regDay[a] - regDay[b]);
      byBucket.set(bucket, {
        days: Float64Array.from(rows, (r) => regDay[r]),
        ages: Float64Array.from(rows, (r) => regAge[r]),
        rows: Int32Array.from(rows),
      });
    }
    blocks.set(sex, { buckets: [...byBucket.keys()].sort((a, b) => a - b), byBucket });
  }

  const rows: LinkRow[] = [];
  let reidentified = 0, correct = 0;
  for (let d = 0; d < release.rows; d++) {
    const [ageLo, ageHi] = ageInterval(rel.age[d]);
    if (Number.isNaN(ageLo)) throw inputError(`row ${d + 1}: the release's age "${rel.age[d]}" is neither a number, a band like [30,35), nor "*"`, release.source);
    const [dayLo, dayHi] = dateRange(rel.date[d]);
    if (Number.isNaN(dayLo)) throw inputError(`row ${d + 1}: the release's date "${rel.date[d]}" is not a date, month, week, quarter, year or "*"`, release.source);
    const minAge = ageLo - o.ageTolerance, maxAge = ageHi + o.ageTolerance;
    const firstDay = dayLo - o.dateTolerance, lastDay = dayHi + o.dateTolerance;
    const sex = normaliseSex(rel.sex[d]);
    const inst = relInst.codes[d];
    let count = 0, match = -1;
    for (const [blockSex, block] of blocks) {
      if (sex !== SUPPRESSED && blockSex !== sex) continue;
      for (const bucket of block.buckets) {
        if (bucket + 1 <= minAge || bucket > maxAge) continue;
        const b = block.byBucket.get(bucket)!;
        for (let i = lowerBound(b.days, firstDay); i < b.days.length && b.days[i] <= lastDay && count < MATCH_COUNT_CAP; i++) {
          if (b.ages[i] < minAge || b.ages[i] > maxAge) continue;
          if (!institutionsMatch(inst, regInst.codes[b.rows[i]])) continue;
          count++;
          match = b.rows[i];
        }
        if (count >= MATCH_COUNT_CAP) break;
      }
      if (count >= MATCH_COUNT_CAP) break;
    }
    const unique = count === 1;
    const isCorrect = unique && relTruth && regTruth ? relTruth[d] === regTruth[match] : relTruth ? false : null;
    if (unique) reidentified++;
    if (isCorrect) correct++;
    rows.push({ row: d + 1, matches: count, reidentified: unique, registry_row: unique ? match + 1 : null, correct: relTruth ? isCorrect : null });
  }
  return { records: release.rows, reidentified, correct: o.truth ? correct : null, rate: reidentified / release.rows, rows };
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
