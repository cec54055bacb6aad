import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writeNifti } from "../../pipeline/io/niftiWrite.js";
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
  const coarse = makeHeadPhantom({ kind: "ct", seed: 1, dims: [32, 32, 32], spacing: [6, 6, 6] });
  writeCtPhantomDicom(join(work, "ct_dicom"), phantom);
  writeCtPhantomRoiNrrd(work, phantom);
  writeToolDefacedNhdr(work, phantom);
  // a ROI on a coarser grid than the image's (the same head at 32³ voxels of 6 mm)
  writeNifti(join(work, "roi32.nii.gz"), { ...coarse.image, data: coarse.roi });
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
      // the viewer drew both heads (WebGL through SwiftShader here): grey head, the face mask in red and
      // the ROI in green on both, and the heads differ (the face is gone after)
      const pixels = async (canvas: string) => PNG.sync.read(await p.locator(canvas).screenshot()).data;
      const tally = (rgba: Buffer) => {
        const n = { red: 0, green: 0, grey: 0 };
        for (let i = 0; i < rgba.length; i += 4) {
          const [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
          if (r > g + 60 && r > b + 60) n.red++;
          else if (g > r + 60 && g > b + 60) n.green++;
          else if (r > 60 && Math.abs(r - g) < 12 && Math.abs(g - b) < 12) n.grey++;
        }
        return n;
      };
      await expect.poll(async () => tally(await pixels("#after")).green, { timeout: 60_000 }).toBeGreaterThan(500);
      const [before, after] = [await pixels("#before"), await pixels("#after")];
      for (const view of [before, after]) {
        const n = tally(view);
        // seen: about 125 000 grey, 14 700 red and 1 800 green pixels of 336 600
        expect(n.grey).toBeGreaterThan(50_000);
        expect(n.red).toBeGreaterThan(5_000);
        expect(n.green).toBeGreaterThan(500);
      }
      let changed = 0;
      for (let i = 0; i < before.length; i += 4) if (Math.abs(before[i] - after[i]) > 30) changed++;
      expect(changed).toBeGreaterThan(3_000); // seen: about 8 200
      // another condition on demand: the shear's face mask is another shape than the given one
      await p.selectOption("#condition", "shear-min");
      await expect.poll(() => p.textContent("#after-caption"), { timeout: 60_000 }).toBe("after: shear-min");
      const red = tally(after).red;
      await expect.poll(async () => Math.abs(tally(await pixels("#after")).red - red), { timeout: 60_000 }).toBeGreaterThan(500);
      // the progress bar went through the feature jobs (one per normalisation) to the end
      const [value, max] = await p.evaluate(() => [document.querySelector<HTMLProgressElement>("#bar")!.value, document.querySelector<HTMLProgressElement>("#bar")!.max]);
      expect(max).toBeGreaterThan(1);
      expect(value).toBe(max);

      const shot = join(work, "web-app-screenshot.png");
      await p.waitForTimeout(500); // let the views finish their first frame
      await p.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      // DEFACE_IMPACT_SCREENSHOT_DIR=docs keeps the README's picture: the inputs, the result and the views
      const keep = process.env.DEFACE_IMPACT_SCREENSHOT_DIR;
      if (keep) {
        mkdirSync(keep, { recursive: true });
        await p.screenshot({ path: join(keep, "web-app.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1650 } });
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

      // a truncated download (half a .nii.gz), then a ROI on another grid: the CLI's messages
      const image = readFileSync(join(work, "image.nii.gz"));
      writeFileSync(join(work, "bad", "cut.nii.gz"), image.subarray(0, image.length >> 1));
      await drop(p, "#slot-image .drop", [join(work, "bad", "cut.nii.gz")]);
      expect(await analyse(p)).toBe("error");
      expect(await p.textContent("#error")).toBe("cut.nii.gz: corrupt or truncated gzip stream (unexpected end of file)");
      await drop(p, "#slot-image .drop", [join(work, "image.nii.gz")]);
      await drop(p, "#slot-roi .drop", [join(work, "roi32.nii.gz")]);
      expect(await analyse(p)).toBe("error");
      expect(await p.textContent("#error")).toBe(
        "roi32.nii.gz: grid mismatch: dimensions 32x32x32 differ from the image's 64x64x64; resample it onto the image grid first",
      );
      await drop(p, "#slot-roi .drop", [join(work, "roi.nii.gz")]);

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
