import type { Bases } from "./base.js";
import { CaseList, contextFor } from "./caseList.js";
import { dicomCases } from "./mutate/dicom.js";
import { gzipCases } from "./mutate/gzip.js";
import { manifestCases } from "./mutate/manifest.js";
import { maskCases } from "./mutate/masks.js";
import { niftiCases } from "./mutate/nifti.js";
import { nrrdCases } from "./mutate/nrrd.js";
import { rtstructCases } from "./mutate/rtstruct.js";
import { settingsCases } from "./mutate/settings.js";
import type { FuzzCase } from "./types.js";

/** Every mutation module, in the order their cases are listed. */
const MODULES = { nifti: niftiCases, gzip: gzipCases, nrrd: nrrdCases, masks: maskCases, dicom: dicomCases, rtstruct: rtstructCases, manifest: manifestCases, settings: settingsCases };

/** The whole corpus for a seed: the same seed gives the same cases, byte for byte. */
export function generateCorpus(bases: Bases, seed: number): FuzzCase[] {
  const list = new CaseList();
  for (const [name, module] of Object.entries(MODULES)) module(contextFor(bases, list, seed, name));
  return list.cases;
}

/**
 * A deterministic sample of `n` cases that covers every reader and, as far as `n` allows, every
 * mutation: readers take turns, and each reader takes its mutations in turn (the first case of
 * every mutation, then the second, ...).
 */
export function sampleCases(cases: FuzzCase[], n: number): FuzzCase[] {
  if (n >= cases.length) return cases;
  const readers = new Map<string, FuzzCase[]>();
  for (const c of cases) readers.set(c.reader, [...(readers.get(c.reader) ?? []), c]);
  const queues = [...readers.values()].map(roundRobinByMutation);
  const out: FuzzCase[] = [];
  for (let round = 0; out.length < n; round++) {
    for (const q of queues) if (round < q.length && out.length < n) out.push(q[round]);
  }
  return out;
}

/** One reader's cases ordered so that every mutation comes before any mutation's second case. */
function roundRobinByMutation(cases: FuzzCase[]): FuzzCase[] {
  const groups = new Map<string, FuzzCase[]>();
  for (const c of cases) groups.set(c.mutation, [...(groups.get(c.mutation) ?? []), c]);
  const out: FuzzCase[] = [];
  for (let round = 0; out.length < cases.length; round++) for (const g of groups.values()) if (round < g.length) out.push(g[round]);
  return out;
}
