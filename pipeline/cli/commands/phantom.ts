import { Option, type Command } from "commander";
import { usageError } from "../../../analysis/core/errors.js";
import type { Vec3 } from "../../../analysis/core/volume.js";
import { makeHeadPhantom, type PhantomKind } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { NAMED_ORIENTATIONS, reorientPhantom } from "../../../fixtures/phantom/reorient.js";
import { PHANTOM_FILES, writePhantom } from "../../io/phantomFiles.js";
import { addDeprecatedAlias } from "../deprecated.js";
import { addExamples } from "../help.js";
import { folderName } from "../progress.js";

export function parseKind(text: string): PhantomKind {
  if (text === "ct" || text === "mr") return text;
  throw usageError(`--kind must be ct or mr, got "${text}"`);
}

/** --size: one number for a cube (256) or three joined by x (256x256x200). */
export function parseSize(text: string): Vec3 {
  const parts = text.split("x");
  const n = parts.map(Number);
  if ((parts.length === 1 || parts.length === 3) && parts.every((p) => /^\d+$/.test(p)) && n.every((v) => v >= 8)) {
    return (n.length === 1 ? [n[0], n[0], n[0]] : n) as Vec3;
  }
  throw usageError(`--size must be N or NXxNYxNZ with whole numbers >= 8 (e.g. 256 or 256x256x200), got "${text}"`);
}

/** --spacing: one voxel size in mm (isotropic) or three joined by x (0.5x0.5x3). */
export function parseSpacing(text: string): Vec3 {
  const parts = text.split("x");
  const n = parts.map(Number);
  if ((parts.length === 1 || parts.length === 3) && parts.every((p) => p.trim() !== "") && n.every((v) => Number.isFinite(v) && v > 0)) {
    return (n.length === 1 ? [n[0], n[0], n[0]] : n) as Vec3;
  }
  throw usageError(`--spacing must be a positive number of mm or SXxSYxSZ (e.g. 1.2 or 0.5x0.5x3), got "${text}"`);
}

export function parseSeed(text: string): number {
  const n = Number(text);
  if (/^\d+$/.test(text) && n <= 0xffffffff) return n;
  throw usageError(`--seed must be a whole number in 0..4294967295, got "${text}"`);
}

// Writing lives with the file formats; re-exported for the demo and tests that import it from here.
export { PHANTOM_FILES, writePhantom } from "../../io/phantomFiles.js";

export function registerPhantom(program: Command): void {
  const command = program
    .command("phantom")
    .description(
      "Write a built-in head phantom (CT in HU or T1-like MR) with a face, brain and a lesion far from the face: " +
        `${PHANTOM_FILES.join(", ")}. The same seed gives byte-identical files.`,
    )
    .requiredOption("--kind <kind>", "ct | mr", parseKind)
    .option("--phantom-seed <n>", "random seed of the phantom (texture, lesion shape, noise)", parseSeed, 1)
    .addOption(new Option("--size <n>", "grid size in voxels: N (cube) or NXxNYxNZ").argParser(parseSize).default([160, 160, 160], "160"))
    .addOption(
      new Option("--spacing <mm>", "voxel size in mm: S (isotropic) or SXxSYxSZ; the head keeps its size in mm (it shrinks only to fit a field of view under 192 mm)")
        .argParser(parseSpacing)
        .default([1.2, 1.2, 1.2], "1.2"),
    )
    .option("--orientation <code>", `voxel order of the files: RAS, LPS, LAS, ${Object.keys(NAMED_ORIENTATIONS).join(", ")} or any axis code`, "RAS")
    .requiredOption("--out <dir>", "output folder (created if missing)");
  addDeprecatedAlias(command, "--seed <n>", "--phantom-seed", parseSeed);
  addExamples(command, [
    { comment: "the CT phantom (HU), 160³ voxels of 1.2 mm, into this folder: the files the other commands' examples read", line: "deface-impact phantom --kind ct --out ." },
    { comment: "another MR phantom, coarser", line: "deface-impact phantom --kind mr --phantom-seed 2 --size 96 --spacing 2 --out mr/" },
  ]);
  command.action((opts: { kind: PhantomKind; phantomSeed: number; size: Vec3; spacing: Vec3; orientation: string; out: string }) => {
      const phantom = makeHeadPhantom({ kind: opts.kind, seed: opts.phantomSeed, dims: opts.size, spacing: opts.spacing });
      const stored = opts.orientation.toUpperCase() === "RAS" ? phantom : reorientPhantom(phantom, opts.orientation);
      writePhantom(opts.out, stored);
      process.stdout.write(
        `wrote ${folderName(opts.out)}: ${opts.kind.toUpperCase()} phantom ${stored.image.dims.join("x")} at ${stored.image.spacing.join("x")} mm, ` +
          `seed ${opts.phantomSeed}, lesion ${phantom.lesion.faceDistanceMm.toFixed(1)} mm from the face mask\n`,
      );
    });
}
