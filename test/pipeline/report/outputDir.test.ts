import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { OUTPUT_MANIFEST, writeOutputDir } from "../../../pipeline/report/outputDir.js";
import { refuseOutputOverInputs } from "../../../pipeline/report/outputGuard.js";

const root = mkdtempSync(join(tmpdir(), "outdir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const fresh = () => join(root, `case${++n}`);
const write = (target: string, files: Record<string, string>, opts: { command?: string; inputs?: string[]; force?: boolean } = {}) =>
  writeOutputDir(target, { command: opts.command ?? "run", inputs: opts.inputs ?? [], force: opts.force }, (dir) => {
    for (const [name, text] of Object.entries(files)) dir.write(name, text);
  });
const usageFailure = async (p: Promise<unknown>, message: RegExp) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DefaceImpactError);
  expect((err as DefaceImpactError).kind).toBe("usage");
  expect((err as Error).message).toMatch(message);
};
const noStaging = () => expect(readdirSync(root).filter((f) => f.includes(".partial-"))).toEqual([]);

describe("output folders: nothing the command did not write is removed", () => {
  it("writes a new folder with a manifest of its files", async () => {
    const out = fresh();
    await write(out, { "a.csv": "1", "renders/x.png": "p" });
    expect(readFileSync(join(out, "a.csv"), "utf8")).toBe("1");
    expect(JSON.parse(readFileSync(join(out, OUTPUT_MANIFEST), "utf8"))).toEqual({ tool: "deface-impact", command: "run", files: ["a.csv", "renders/x.png"] });
    noStaging();
  });

  it("refuses a non-empty folder of the user's files, and leaves them", async () => {
    const out = fresh();
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    await usageFailure(write(out, { "a.csv": "1" }), /not empty: it holds 1 file that deface-impact did not write.*--force/);
    expect(readdirSync(out)).toEqual(["notes.txt"]);
    noStaging();
  });

  it("with --force adds its files beside the user's and removes nothing", async () => {
    const out = fresh();
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    writeFileSync(join(out, "a.csv"), "old");
    await write(out, { "a.csv": "new" }, { force: true });
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(out, "a.csv"), "utf8")).toBe("new");
  });

  it("replaces its own earlier output, removing only files that output listed", async () => {
    const out = fresh();
    await write(out, { "a.csv": "1", "renders/old.png": "p" });
    writeFileSync(join(out, "notes.txt"), "added by the user since");
    await write(out, { "a.csv": "2", "b.csv": "3" });
    expect(readFileSync(join(out, "a.csv"), "utf8")).toBe("2");
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("added by the user since");
    expect(existsSync(join(out, "renders"))).toBe(false); // its only file was ours, and stale
    expect(JSON.parse(readFileSync(join(out, OUTPUT_MANIFEST), "utf8")).files).toEqual(["a.csv", "b.csv"]);
  });

  it("refuses another command's output folder", async () => {
    const out = fresh();
    await write(out, { "a.csv": "1" }, { command: "compare" });
    await usageFailure(write(out, { "a.csv": "2" }), /an output of `compare`, not of `run`/);
    expect(readFileSync(join(out, "a.csv"), "utf8")).toBe("1");
  });

  it("keeps the previous output whole when writing fails", async () => {
    const out = fresh();
    await write(out, { "a.csv": "1" });
    const failing = writeOutputDir(out, { command: "run", inputs: [] }, (dir) => {
      dir.write("a.csv", "half");
      throw new Error("disk full");
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(readFileSync(join(out, "a.csv"), "utf8")).toBe("1");
    noStaging();
  });

  it("never writes over, around or inside an input, even with --force", async () => {
    const inputs = fresh();
    mkdirSync(join(inputs, "dicom"), { recursive: true });
    writeFileSync(join(inputs, "image.nii.gz"), "image");
    const image = join(inputs, "image.nii.gz");
    for (const [out, why] of [
      [inputs, /holds the input/],
      [root, /holds the input/],
      [join(inputs, "dicom", "report"), /lies inside the input folder/],
      [image, /is the input/],
    ] as const) {
      await usageFailure(write(out, { "a.csv": "1" }, { inputs: [image, join(inputs, "dicom")], force: true }), why);
    }
    expect(readdirSync(inputs).sort()).toEqual(["dicom", "image.nii.gz"]);
    expect(readFileSync(image, "utf8")).toBe("image");
    expect(() => refuseOutputOverInputs(join(inputs, "image.nii.gz"), { command: "features", inputs: [join(inputs, ".", "image.nii.gz")] })).toThrow(/is the input/);
    // a sibling folder whose name starts like the input's is not inside it
    expect(() => refuseOutputOverInputs(join(inputs, "dicom2"), { command: "run", inputs: [join(inputs, "dicom")] })).not.toThrow();
  });
});

describe("staging folders of processes that died", () => {
  it("are removed by the next write to the same output; a live process's are left alone", async () => {
    const out = fresh();
    const dead = join(root, `.${out.split("/").pop()}.partial-999999999-1`);
    const live = join(root, `.${out.split("/").pop()}.partial-${process.pid}-2`);
    mkdirSync(dead);
    writeFileSync(join(dead, "half.csv"), "half");
    mkdirSync(live);
    await write(out, { "a.csv": "1" });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live, { recursive: true });
  });
});
