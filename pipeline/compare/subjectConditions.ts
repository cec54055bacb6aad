import { DefaceImpactError } from "../../analysis/core/errors.js";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { DefacingSummary } from "../../masks/defacingSummary.js";
import type { Modality } from "../../masks/faceMask.js";
import { defacingConditions, type DefacingSources } from "../run/defacingConditions.js";
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
 * as `run` (so masks, fills, safety and privacy are computed the same way, and the head, skin and
 * brain masks once per image), then renames each condition to its tool column so conditions line
 * up across subjects.
 */
export function subjectConditions(image: Volume, row: CompareRow, context: ConditionContext, log?: (line: string) => void): SubjectConditions {
  type Builtin = Extract<DefacedVersion, { kind: "builtin" }>;
  const builtin = (defacer: "shear" | "mask") => row.versions.filter((v): v is Builtin => v.kind === "builtin" && v.defacer === defacer);
  const masks = builtin("mask");
  const shears = builtin("shear");
  const files = row.versions.filter((v): v is Extract<DefacedVersion, { kind: "file" }> => v.kind === "file");
  // One call: the face mask and the shear defacer share the fill list, so both get the union of
  // their fills; the few conditions no tool asked for are dropped below.
  const fills = [...new Set([...masks, ...shears].map((v) => v.fill))];
  const sources: DefacingSources = {
    faceMask: masks.length ? row.faceMask : undefined,
    shear: shears.length ? { bufferMm: context.bufferMm } : undefined,
    defaced: files.map((f) => ({ name: f.tool, path: f.path })),
    fills: fills.length ? fills : ["zero"],
    seed: context.seed,
  };
  const outcome = defacingConditions(
    image,
    sources,
    { roi: context.roi, roiName: context.roiName, brain: context.brain, modality: context.modality, allowRoiOverlap: context.allowRoiOverlap, renders: false },
    log,
  );

  // defacingConditions returns the face mask's conditions (one per fill, in order), then the
  // shear defacer's, then one per defaced image, in the order given.
  const byTool = new Map<string, { condition: DefacedCondition; summary: DefacingSummary }>();
  let at = 0;
  const take = (versions: DefacedVersion[], perFill: boolean) => {
    const count = perFill ? sources.fills.length : versions.length;
    for (let i = 0; i < count; i++, at++) {
      const condition = outcome.conditions[at];
      const summary = outcome.summaries[at].summary;
      const tools = perFill ? versions.filter((v) => v.kind === "builtin" && v.fill === sources.fills[i]) : [versions[i]];
      for (const v of tools) byTool.set(v.tool, { condition: { ...condition, name: v.tool }, summary });
    }
  };
  if (masks.length) take(masks, true);
  if (shears.length) take(shears, true);
  take(files, false);
  if (at !== outcome.conditions.length) throw new DefaceImpactError("internal", `${outcome.conditions.length} conditions for ${at} expected`);

  const ordered = row.versions.map((v) => ({ tool: v.tool, ...byTool.get(v.tool)! }));
  return {
    conditions: ordered.map((o) => o.condition),
    summaries: ordered.map((o) => ({ condition: o.tool, summary: o.summary })),
    head: outcome.head,
    brain: outcome.brain,
    brainSource: outcome.brainSource,
    warnings: outcome.warnings,
  };
}
