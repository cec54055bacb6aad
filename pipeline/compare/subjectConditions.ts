import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { DefacingSummary } from "../../masks/defacingSummary.js";
import type { Modality } from "../../masks/faceMask.js";
import { defacingConditions, type DefacingOutcome, type DefacingSources } from "../run/defacingConditions.js";
import type { DefacedCondition } from "../run/runSubject.js";
import type { CompareRow, DefacedVersion } from "./manifest.js";

export interface SubjectConditions {
  /** one condition per tool of the row, named by the tool column, in manifest order. */
  conditions: DefacedCondition[];
  summaries: { condition: string; summary: DefacingSummary }[];
  head: Mask;
  brain: Mask;
  brainSource: string;
  warnings: string[];
}

export interface ConditionContext {
  roi: Mask;
  roiName: string;
  brain?: { mask: Mask; name: string };
  modality: Modality;
  allowRoiOverlap: boolean;
  bufferMm: number;
  seed: number;
}

/**
 * Turns a manifest row's tool cells into defaced conditions through the same defacingConditions
 * as `run` (so masks, fills, safety and privacy are computed the same way), one call per kind of
 * source, then renames each condition to its tool column so conditions line up across subjects.
 */
export function subjectConditions(image: Volume, row: CompareRow, context: ConditionContext, log?: (line: string) => void): SubjectConditions {
  const builtin = (defacer: "shear" | "mask") =>
    row.versions.filter((v): v is Extract<DefacedVersion, { kind: "builtin" }> => v.kind === "builtin" && v.defacer === defacer);
  const files = row.versions.filter((v): v is Extract<DefacedVersion, { kind: "file" }> => v.kind === "file");
  const base = { defaced: [], fills: ["zero"], seed: context.seed };
  const calls: { sources: DefacingSources; versions: DefacedVersion[]; fills: string[] }[] = [];
  for (const defacer of ["mask", "shear"] as const) {
    const versions = builtin(defacer);
    if (versions.length === 0) continue;
    const fills = [...new Set(versions.map((v) => v.fill))];
    const sources: DefacingSources =
      defacer === "mask"
        ? { ...base, faceMask: row.faceMask, fills }
        : { ...base, shear: { bufferMm: context.bufferMm }, fills };
    calls.push({ sources, versions, fills });
  }
  if (files.length) calls.push({ sources: { ...base, defaced: files.map((f) => ({ name: f.tool, path: f.path })) }, versions: files, fills: [] });

  const byTool = new Map<string, { condition: DefacedCondition; summary: DefacingSummary }>();
  let last: DefacingOutcome | undefined;
  const warnings: string[] = [];
  for (const call of calls) {
    const outcome = defacingConditions(
      image,
      call.sources,
      { roi: context.roi, roiName: context.roiName, brain: context.brain, modality: context.modality, allowRoiOverlap: context.allowRoiOverlap, renders: false },
      log,
    );
    last = outcome;
    for (const w of outcome.warnings) if (!warnings.includes(w)) warnings.push(w);
    // defacingConditions returns one condition per fill, in the order of the fills (mask, shear),
    // or one per defaced image in the order given.
    outcome.conditions.forEach((condition, i) => {
      const summary = outcome.summaries[i].summary;
      const tools = call.fills.length ? call.versions.filter((v) => v.kind === "builtin" && v.fill === call.fills[i]) : [call.versions[i]];
      for (const v of tools) byTool.set(v.tool, { condition: { ...condition, name: v.tool }, summary });
    });
  }
  const ordered = row.versions.map((v) => ({ tool: v.tool, ...byTool.get(v.tool)! }));
  return {
    conditions: ordered.map((o) => o.condition),
    summaries: ordered.map((o) => ({ condition: o.tool, summary: o.summary })),
    head: last!.head,
    brain: last!.brain,
    brainSource: last!.brainSource,
    warnings,
  };
}
