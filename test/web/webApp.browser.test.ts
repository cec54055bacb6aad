import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readVolume } from "../../pipeline/io/readVolume.js";
import { launchChromium } from "../browser.js";
import { expectSameReport, runCli } from "./cliComparison.js";
import { analyse, downloadReport, drop, watch } from "./pageActions.js";
import { writeCtPhantom, writeCtPhantomDicom, writeCtPhantomRoiNrrd, writeToolDefacedNhdr } from "./phantomInputs.js";
import { serveFolder } from "./staticServer.js";
import { ensureWebBuild } from "./webBuild.js";

/**
 * The web app (web/) in Debian's Chromium: built once, loaded from a local server and from file://,
 * the CT phantom dropped on it; its report must be the CLI's (compareOutputs.ts says how exactly),
 * the page must ask nothing of any other host, and a bad file must end in a message, not a hang.
 */

let page: string;
let work: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  page = ensureWebBuild();
  work = mkdtempSync(join(tmpdir(), "deface-impact-web-"));
  const phantom = writeCtPhantom(work);
  writeCtPhantomDicom(join(work, "ct_dicom"), phantom);
  writeCtPhantomRoiNrrd(work, phantom);
  writeToolDefacedNhdr(work, phantom);
  browser = await launchChromium({ acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the web app in a real browser", () => {
  it("analyses the dropped CT phantom from a local server like the CLI, asking no other host; saves a screenshot", async () => {
    const server = await serveFolder(dirname(page));
    const p = await browser.context.newPage();
    const { requests, errors } = watch(browser.context, p);
    try {
      await p.goto(server.url, { waitUntil: "load" });
      await drop(p, "#slot-image .drop", [join(work, "image.nii.gz")]);
      // the ROI as NRRD, and another tool's defaced image as a detached NRRD (header and data file dropped together)
      await drop(p, "#slot-roi .drop", [join(work, "roi.nrrd")]);
      await drop(p, '#slot-face .drop[data-target="faceMask"]', [join(work, "face_mask.nii.gz")]);
      await drop(p, '#slot-face .drop[data-target="defaced"]', [join(work, "tool.raw"), join(work, "tool.nhdr")]);
      expect(await p.textContent("#slot-image .chosen")).toBe("image.nii.gz");
      expect(await p.textContent('#slot-face .chosen[data-target="defaced"]')).toBe("tool.nhdr (with tool.raw)");
      expect(await analyse(p)).toBe("results");

      const command = (await p.textContent("#command"))!;
      expect(command).toBe(
        "deface-impact run --image image.nii.gz --roi roi.nrrd --face-mask face_mask.nii.gz --defacer shear --buffer 10 --defaced tool=tool.nhdr --fill min --out image-deface-impact",
      );
      expect(await p.textContent("#summary")).toMatch(/^image: [\d,]+ feature values and [\d,]+ shifts for 3 defaced conditions \(defaced-min, shear-min, tool\)/);
      const web = await downloadReport(p);
      expect([web.dir, web.zipName]).toEqual(["image-deface-impact", "image-deface-impact.zip"]);
      const cli = runCli(command, work);
      expectSameReport(cli.files, web.files);

      // the report in the page is the report.html of the download, with its charts and tables
      const frame = p.frameLocator("#report");
      await expect.poll(() => frame.locator("figure.chart svg").count()).toBeGreaterThan(5);
      const shown = await frame.locator("#most-shifted table").first().textContent();
      const html = Buffer.from(web.files.get("report.html")!).toString("utf8");
      expect(html).toContain('<section id="most-shifted"');
      expect(shown!.length).toBeGreaterThan(100);
      // the viewer drew both heads (WebGL through SwiftShader here)
      for (const canvas of ["#before", "#after"]) {
        const box = await p.locator(canvas).boundingBox();
        expect(box!.width).toBeGreaterThan(300);
      }

      const shot = join(work, "web-app-screenshot.png");
      await p.waitForTimeout(500); // let the views finish their first frame
      await p.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      // DEFACE_IMPACT_SCREENSHOT_DIR=docs keeps the README's picture: the page's first screenful and a half
      const keep = process.env.DEFACE_IMPACT_SCREENSHOT_DIR;
      if (keep) {
        mkdirSync(keep, { recursive: true });
        await p.screenshot({ path: join(keep, "web-app.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1350 } });
        console.log(`web app screenshot: ${resolve(keep, "web-app.png")}`);
      }

      expect(errors).toEqual([]);
      const foreign = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith(`blob:${server.url}`) && !u.startsWith("data:"));
      expect(foreign).toEqual([]);
      expect(requests.filter((u) => u.startsWith("http"))).toEqual([server.url]); // the page, once; nothing after it
    } finally {
      await p.close();
      await server.close();
    }
  });

  it("from file://: a bad file gets a clear message and the tab stays usable; then a DICOM folder analyses like the CLI", async () => {
    const p = await browser.context.newPage();
    const { requests, errors } = watch(browser.context, p);
    const url = pathToFileURL(page).href;
    try {
      await p.goto(url, { waitUntil: "load" });
      // not an image: a text file with an image's name
      mkdirSync(join(work, "bad"), { recursive: true });
      copyFileSync(join(work, "phantom.json"), join(work, "bad", "image.nii.gz"));
      await drop(p, "#slot-image .drop", [join(work, "bad", "image.nii.gz")]);
      await drop(p, "#slot-roi .drop", [join(work, "roi.nii.gz")]);
      expect(await analyse(p)).toBe("error");
      const message = (await p.textContent("#error"))!;
      expect(message).toMatch(/^image\.nii\.gz: not a NIfTI file/);
      expect(message.split("\n")).toHaveLength(1);
      // the tab answers at once and can start again
      expect(await p.evaluate(() => 6 * 7)).toBe(42);
      expect(await p.isEnabled("#analyse")).toBe(true);

      // a DICOM series through the folder picker
      await p.setInputFiles('#slot-image input[data-pick="folder"]', join(work, "ct_dicom"));
      expect(await p.textContent("#slot-image .chosen")).toMatch(/^ct_dicom\/ \(64 files\)$/);
      expect(await p.isHidden("#error")).toBe(true);
      // the scan's own background noise as the fill (seeded: the same noise as the CLI's)
      await p.uncheck('input[name="fill"][value="min"]');
      await p.check('input[name="fill"][value="noise"]');
      expect(await analyse(p)).toBe("results");
      const command = (await p.textContent("#command"))!;
      expect(command).toBe("deface-impact run --image ct_dicom --roi roi.nii.gz --defacer shear --buffer 10 --fill noise --out ct_dicom-deface-impact");
      const web = await downloadReport(p);
      const cli = runCli(command, work);
      expectSameReport(cli.files, web.files);
      // the reader's geometry is the phantom's, so the same ROI file fits it
      expect(readVolume(join(work, "ct_dicom")).dims).toEqual([64, 64, 64]);

      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:") && u !== url)).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
