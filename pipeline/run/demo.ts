import { join } from "node:path";
import { makeHeadPhantom, type PhantomKind } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../io/phantomFiles.js";
import { parseRunSettings } from "../settings.js";
import { executeRun, type RunHooks } from "./executeRun.js";
import type { RunReport } from "../report/runReport.js";

/** The fills compared on each phantom: zero (what I·(1−M) means) and the image minimum (air). */
const DEMO_FILLS = ["zero", "min"];

/**
 * `npm start`: writes the CT and MR head phantoms under OUT/phantoms/, then runs the whole analysis
 * on each into OUT/phantom-ct/ and OUT/phantom-mr/.
 */
export async function runDemo(outDir: string, hooks: RunHooks, log: (line: string) => void): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  for (const kind of ["ct", "mr"] as PhantomKind[]) {
    const inputs = join(outDir, "phantoms", kind);
    log(`phantom ${kind.toUpperCase()}: generating into ${inputs}/`);
    writePhantom(inputs, makeHeadPhantom({ kind, seed: 1 }));
    const settings = parseRunSettings({
      input: {
        image: join(inputs, "image.nii.gz"),
        roi: join(inputs, "roi.nii.gz"),
        faceMask: join(inputs, "face_mask.nii.gz"),
        brainMask: join(inputs, "brain_mask.nii.gz"),
        headMask: join(inputs, "head_mask.nii.gz"),
        subject: `phantom-${kind}`,
        modality: kind,
      },
      defacing: { fills: DEMO_FILLS },
      normalisation: {},
      features: {},
      output: { dir: join(outDir, `phantom-${kind}`) },
    });
    const report = await executeRun(settings, hooks);
    log(`phantom ${kind.toUpperCase()}: wrote ${settings.output.dir}/ (${report.result.shifts.length} shifts)`);
    reports.push(report);
  }
  return reports;
}
