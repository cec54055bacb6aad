import { join } from "node:path";
import { makeHeadPhantom, type PhantomKind } from "../../fixtures/phantom/makeHeadPhantom.js";
import { runPhantomCohort } from "../compare/phantomCohort.js";
import { writePhantom } from "../io/phantomFiles.js";
import { cohortReleaseCheck } from "../privacy/cohortReleaseCheck.js";
import { runTerminalSummary } from "../report/terminalSummary.js";
import { resolveSettings } from "../settings/resolveSettings.js";
import { executeRun, type RunHooks } from "./executeRun.js";

/**
 * The fills compared on each phantom: zero (what I·(1−M) means) and air. On CT air is the image
 * minimum; the MR minimum is 0 already, so MR compares zero with a background-noise fill instead.
 */
const DEMO_FILLS: Record<PhantomKind, string[]> = { ct: ["zero", "min"], mr: ["zero", "noise"] };

/**
 * `npm start`: for the CT and the MR head phantom, (1) one subject through `run` into
 * OUT/phantom-<kind>/ and (2) a cohort of 5 phantoms (other seeds and lesion positions) through
 * `compare` into OUT/cohort-<kind>/, its report ending with a release check of the cohort table. The
 * phantoms themselves go to OUT/phantoms/.
 */
export async function runDemo(outDir: string, hooks: RunHooks, log: (line: string) => void): Promise<string[]> {
  const written: string[] = [];
  for (const kind of ["ct", "mr"] as PhantomKind[]) {
    const inputs = join(outDir, "phantoms", kind);
    log(`phantom ${kind.toUpperCase()}: generating into ${inputs}/`);
    writePhantom(inputs, makeHeadPhantom({ kind, seed: 1 }));
    const dir = join(outDir, `phantom-${kind}`);
    const settings = resolveSettings({
      flags: {
        input: {
          image: join(inputs, "image.nii.gz"),
          roi: join(inputs, "roi.nii.gz"),
          brainMask: join(inputs, "brain_mask.nii.gz"),
          headMask: join(inputs, "head_mask.nii.gz"),
          subject: `phantom-${kind}`,
          modality: kind,
        },
        defacing: { faceMask: join(inputs, "face_mask.nii.gz"), fills: DEMO_FILLS[kind], defacer: "shear" },
        output: { dir },
      },
    });
    // zero fill is one of the demo's own two fills, chosen to show the difference: no warning about it
    const report = await executeRun(settings, { ...hooks, quietZeroFill: true });
    runTerminalSummary(report).forEach(log);
    log(`phantom ${kind.toUpperCase()}: wrote ${dir}/ (${report.result.shifts.length} shifts)`);
    written.push(dir);
  }
  for (const kind of ["ct", "mr"] as PhantomKind[]) {
    const dir = join(outDir, `cohort-${kind}`);
    log(`cohort ${kind.toUpperCase()}: 5 phantoms (seeds and lesion positions differ), compared tool by tool`);
    const r = await runPhantomCohort(
      dir,
      { kind, n: 5, fills: DEMO_FILLS[kind], inputsDir: join(outDir, "phantoms", `cohort-${kind}`) },
      {
        threads: hooks.threads,
        warn: hooks.warn,
        log: hooks.log,
        onProgress: hooks.onProgress,
        quietZeroFill: true,
        // the cohort report ends with a release check of the cohort as a table (k, ℓ, t, linkage attack, DP means)
        appendix: ({ features, subjects }) =>
          cohortReleaseCheck(features, subjects.map((s) => s.subject), { seed: kind === "ct" ? 101 : 202, intensityUnit: subjects[0]?.intensity_unit ?? "" }),
      },
    );
    log(`cohort ${kind.toUpperCase()}: wrote ${dir}/ (${r.report.subjects.length} subjects)`);
    written.push(dir);
  }
  return written;
}
