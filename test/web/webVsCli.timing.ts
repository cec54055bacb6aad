import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeHeadPhantom } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../../pipeline/io/phantomFiles.js";
import { projectRoot } from "../../pipeline/version.js";
import { launchChromium } from "../browser.js";
import { describeDifference } from "./compareOutputs.js";
import { analyse, downloadReport } from "./pageActions.js";
import { serveFolder } from "./staticServer.js";
import { ensureWebBuild } from "./webBuild.js";

/**
 * `npm run bench:web` (not part of npm test): a 256³ CT head phantom (1 mm) analysed by the CLI
 * and by the web app in Chromium on this machine, the same inputs and settings (face mask and
 * shear, fill min), each twice in turn; the faster of each is kept. The CLI's time is the whole
 * process (start, read, analyse, write); the page's, from the click on Analyse to the result shown.
 * Issue 17 asks for the browser within 3x the CLI.
 */

const SIZE = Number(process.env.DEFACE_IMPACT_WEB_BENCH_SIZE ?? 256);
const ROUNDS = 2;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "deface-impact-web-bench-"));
  const mm = 256 / SIZE; // a 256 mm field of view whatever the grid (DEFACE_IMPACT_WEB_BENCH_SIZE for a quick try)
  writePhantom(work, makeHeadPhantom({ kind: "ct", seed: 1, dims: [SIZE, SIZE, SIZE], spacing: [mm, mm, mm] }));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const ARGS = ["run", "--image", "image.nii.gz", "--roi", "roi.nii.gz", "--face-mask", "face_mask.nii.gz", "--defacer", "shear", "--fill", "min"];

it(`analyses a ${SIZE}³ CT phantom in the browser within 3x the CLI's time`, async () => {
  const page = ensureWebBuild();
  const server = await serveFolder(dirname(page));
  const browser = await launchChromium({ acceptDownloads: true });
  const cli: number[] = [];
  const web: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const out = `cli-${round}`;
      const t0 = performance.now();
      execFileSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...ARGS, "--out", out, "--quiet"], { cwd: work, stdio: "pipe" });
      cli.push((performance.now() - t0) / 1000);

      const p = await browser.context.newPage();
      await p.goto(server.url, { waitUntil: "load" });
      await p.setInputFiles('#slot-image input[data-pick="file"]', join(work, "image.nii.gz"));
      await p.setInputFiles('#slot-roi input[data-pick="file"]', join(work, "roi.nii.gz"));
      await p.setInputFiles('#slot-face input[data-target="faceMask"]', join(work, "face_mask.nii.gz"));
      const t1 = performance.now();
      expect(await analyse(p, 1_200_000)).toBe("results");
      web.push((performance.now() - t1) / 1000);
      if (round === 0) {
        // the same numbers, as the browser test checks on the small phantom
        const { files } = await downloadReport(p, 120_000);
        const cliCsv = readFileSync(join(work, out, "features.csv"), "utf8");
        expect(describeDifference(cliCsv, Buffer.from(files.get("features.csv")!).toString("utf8"))).toBeUndefined();
      }
      await p.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const best = (xs: number[]) => Math.min(...xs);
  const ratio = best(web) / best(cli);
  const list = (xs: number[]) => xs.map((x) => `${x.toFixed(1)} s`).join(", ");
  console.log(`${SIZE}³ CT phantom, ${(256 / SIZE).toFixed(2)} mm, face mask + shear, fill min: CLI ${list(cli)}; browser ${list(web)}; best browser / best CLI = ${ratio.toFixed(2)} (limit 3)`);
  expect(ratio).toBeLessThanOrEqual(3);
});
