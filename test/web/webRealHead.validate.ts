import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ctBrainMask } from "../../masks/brainMaskCt.js";
import { writeNifti } from "../../pipeline/io/niftiWrite.js";
import { readVolume } from "../../pipeline/io/readVolume.js";
import { sphereAtCentre } from "../../pipeline/validate/impact.js";
import { projectRoot } from "../../pipeline/version.js";
import { launchChromium } from "../browser.js";
import { expectSameReport, runCli } from "./cliComparison.js";
import { analyse, downloadReport, drop, watch } from "./pageActions.js";
import { serveFolder } from "./staticServer.js";
import { ensureWebBuild } from "./webBuild.js";

/**
 * `npm run validate:web` (not part of npm test: the data stay outside the project): the web app on a
 * real head CT with its face (../shared/data/heads/ct_head_face.nii.gz, 256×256×108), defaced by the
 * shear defacer, a 12 mm ROI ball at the centre of its automatic brain mask (as `validate` places it).
 * The report must be the CLI's and the page must ask nothing of any other host.
 * DEFACE_IMPACT_DATA names another data folder.
 */

const DATA = resolve(process.env.DEFACE_IMPACT_DATA ?? join(projectRoot(), "..", "shared", "data"));
const HEAD = join(DATA, "heads", "ct_head_face.nii.gz");
let work: string;

beforeAll(() => {
  if (!existsSync(HEAD)) throw new Error(`${HEAD} is missing: set DEFACE_IMPACT_DATA to the validation data folder`);
  work = mkdtempSync(join(tmpdir(), "deface-impact-web-head-"));
  // the data file is linked, never copied; the CLI then runs on the same names as the page
  symlinkSync(HEAD, join(work, "ct_head_face.nii.gz"));
  const image = readVolume(HEAD);
  writeNifti(join(work, "roi.nii.gz"), { ...image, data: sphereAtCentre(image, ctBrainMask(image), 12) });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

it("analyses a real head CT in the browser like the CLI, asking no other host", async () => {
  const page = ensureWebBuild();
  const server = await serveFolder(dirname(page));
  const browser = await launchChromium({ acceptDownloads: true });
  try {
    const p = await browser.context.newPage();
    const { requests, errors } = watch(browser.context, p);
    await p.goto(server.url, { waitUntil: "load" });
    await drop(p, "#slot-image .drop", [HEAD]);
    await drop(p, "#slot-roi .drop", [join(work, "roi.nii.gz")]);
    expect(await analyse(p, 1_200_000)).toBe("results");
    const command = (await p.textContent("#command"))!;
    expect(command).toBe("deface-impact run --image ct_head_face.nii.gz --roi roi.nii.gz --defacer shear --buffer 10 --fill min --out ct_head_face-deface-impact");
    expect(await p.textContent("#summary")).toMatch(/^ct_head_face: [\d,]+ feature values and [\d,]+ shifts for 1 defaced condition \(shear-min\)/);
    const web = await downloadReport(p);
    expectSameReport(runCli(command, work).files, web.files);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:"))).toEqual([server.url]);
  } finally {
    await browser.close();
    await server.close();
  }
});
