import { basename, dirname, join, relative } from "node:path";
import type { Vec3 } from "../../analysis/core/volume.js";
import { makeHeadPhantom, type PhantomKind } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { writePhantom } from "../io/phantomFiles.js";
import type { SettingsInput } from "../../analysis/settings.js";
import { mergeSettings } from "../io/settingsFile.js";
import { resolveSettings } from "../settings/resolveSettings.js";
import { executeCompare, type CompareHooks, type CompareResult } from "./executeCompare.js";

/**
 * Lesion centres (world RAS+ mm) of the built-in cohort: both hemispheres, frontal to occipital,
 * each inside the brain and 60–90 mm from the face mask on a head of the design size (checked
 * by makeHeadPhantom, which throws otherwise).
 */
export const COHORT_LESION_CENTRES: Vec3[] = [
  [22, -34, 36],
  [-24, -30, 32],
  [26, -8, 42],
  [-20, -48, 18],
  [30, -24, 12],
  [-28, -10, 40],
];

export interface PhantomCohortOptions {
  /** subjects (at most COHORT_LESION_CENTRES.length); default 5. */
  n?: number;
  kind: PhantomKind;
  /** fills of the built-in face-mask defacing: one tool `mask-<fill>` each; default zero, min. */
  fills?: string[];
  /** add the built-in shear defacer with this fill as tool `shear-<fill>` (null: none); default min. */
  shearFill?: string | null;
  /** grid; default 114³ at 1.7 mm (194 mm field of view, the head at full size). */
  dims?: Vec3;
  spacing?: Vec3;
  /** where the phantoms and cohort.csv go; default OUT-phantoms beside OUT. */
  inputsDir?: string;
  /** seed of the first subject; subject i gets seed + i. Default 11. */
  seed?: number;
  /** more compare settings (discretisation, normalisations, ...); the manifest and output folder are the cohort's. */
  settings?: SettingsInput;
}

const toolName = (prefix: string, fill: string) => `${prefix}-${fill.replace(/[^A-Za-z0-9_.+-]/g, "_")}`;

/**
 * The built-in cohort for the demo: n head phantoms with different seeds and lesion positions,
 * written with a manifest (one column per built-in tool), then `compare` on it into outDir.
 */
export async function runPhantomCohort(outDir: string, options: PhantomCohortOptions, hooks: CompareHooks): Promise<CompareResult> {
  const n = options.n ?? 5;
  if (!(n >= 1 && n <= COHORT_LESION_CENTRES.length)) throw new RangeError(`phantom cohort size must be 1..${COHORT_LESION_CENTRES.length}, got ${n}`);
  const fills = options.fills ?? ["zero", "min"];
  const shearFill = options.shearFill === undefined ? "min" : options.shearFill;
  const dims = options.dims ?? [114, 114, 114];
  const spacing = options.spacing ?? [1.7, 1.7, 1.7];
  const inputs = options.inputsDir ?? join(dirname(outDir), `${basename(outDir)}-phantoms`);
  const seed0 = options.seed ?? 11;

  const tools = [...fills.map((f) => ({ name: toolName("mask", f), cell: `builtin:mask:${f}` }))];
  if (shearFill !== null) tools.push({ name: toolName("shear", shearFill), cell: `builtin:shear:${shearFill}` });
  const lines = [["subject", "image", "roi", "brain_mask", "head_mask", "face_mask", ...tools.map((t) => t.name)].join(",")];
  for (let i = 0; i < n; i++) {
    const subject = `${options.kind}-${String(i + 1).padStart(2, "0")}`;
    const dir = join(inputs, subject);
    hooks.log?.(`cohort ${options.kind.toUpperCase()}: phantom ${i + 1}/${n} (seed ${seed0 + i}) into ${dir}/`);
    writePhantom(dir, makeHeadPhantom({ kind: options.kind, seed: seed0 + i, dims, spacing, lesion: { centerMm: COHORT_LESION_CENTRES[i] } }));
    const file = (name: string) => relative(inputs, join(dir, name));
    lines.push([subject, file("image.nii.gz"), file("roi.nii.gz"), file("brain_mask.nii.gz"), file("head_mask.nii.gz"), file("face_mask.nii.gz"), ...tools.map((t) => t.cell)].join(","));
  }
  const manifest = join(inputs, "cohort.csv");
  writeFileAtomic(manifest, lines.join("\n") + "\n");

  const own = { input: { manifest, modality: options.kind }, output: { dir: outDir } };
  return executeCompare(resolveSettings({ flags: mergeSettings(options.settings ?? {}, own) }), hooks);
}
