import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCompareManifest, readCompareManifest } from "../../../pipeline/compare/manifest.js";

describe("compare manifest", () => {
  it("reads known columns, tool columns as files or built-in specs, paths against the manifest's folder", () => {
    const m = parseCompareManifest(
      "subject,image,roi,brain_mask,face_mask,pydeface,mask-min,shear,blurred\n" +
        "s1,img/s1.nii.gz,roi1.nii.gz,,face1.nii.gz,pd/s1.nii.gz,builtin:mask:min,builtin:shear,builtin:mask:blur:4\n" +
        "\n" +
        "s2,/abs/s2.nii,roi2.nii.gz,b2.nii.gz,face2.nii.gz,,builtin:mask:constant:-1000,builtin:shear:noise,\n",
      "/data/cohort/cohort.csv",
    );
    expect(m.tools).toEqual(["pydeface", "mask-min", "shear", "blurred"]);
    expect(m.rows[0]).toEqual({
      subject: "s1",
      image: "/data/cohort/img/s1.nii.gz",
      roi: "/data/cohort/roi1.nii.gz",
      faceMask: "/data/cohort/face1.nii.gz",
      versions: [
        { tool: "pydeface", kind: "file", path: "/data/cohort/pd/s1.nii.gz" },
        { tool: "mask-min", kind: "builtin", defacer: "mask", fill: "min" },
        { tool: "shear", kind: "builtin", defacer: "shear", fill: "min" },
        { tool: "blurred", kind: "builtin", defacer: "mask", fill: "blur:4" },
      ],
      line: 2,
    });
    // the blank line 3 is skipped but counted
    expect(m.rows[1].line).toBe(4);
    expect(m.rows[1].image).toBe("/abs/s2.nii");
    expect(m.rows[1].brainMask).toBe("/data/cohort/b2.nii.gz");
    expect(m.rows[1].versions.map((v) => v.tool)).toEqual(["mask-min", "shear"]);
    expect(m.rows[1].versions[0]).toMatchObject({ fill: "constant:-1000" });
  });

  it("names the manifest and the line of every problem", () => {
    const bad = (text: string, message: RegExp) => expect(() => parseCompareManifest(text, "c.csv")).toThrow(message);
    bad("subject,image,tool\ns1,a.nii,b.nii\n", /c\.csv: the manifest has no "roi" column/);
    bad("subject,image,roi\ns1,a,b\n", /c\.csv: no tool column/);
    bad("subject,image,roi,t\ns1,a.nii,,x.nii\n", /c\.csv: line 2: the "roi" cell is empty/);
    bad("subject,image,roi,t\ns1,a,b,x\ns1,c,d,y\n", /line 3: subject "s1" appears twice/);
    bad("subject,image,roi,t\ns1,a,b\n", /line 2 has 3 cells, the header 4/);
    bad("subject,image,roi,my tool\n", /the column "my tool" is not a valid condition name/);
    bad("subject,image,roi,original\n", /clash with the original condition/);
    bad("subject,image,roi,t,t\n", /repeats the column "t"/);
    bad("subject,image,roi,t\ns1,a,b,\n", /line 2 \(s1\): every tool cell is empty/);
    bad("subject,image,roi,t\ns1,a,b,builtin:mask\n", /line 2 \(s1\): column "t" uses builtin:mask but the face_mask cell is empty/);
    bad("subject,image,roi,t\ns1,a,b,builtin:deface\n", /line 2, column "t": "builtin:deface" is not builtin:shear\[:FILL\]/);
    bad("subject,image,roi,t\ns1,a,b,builtin:shear:purple\n", /line 2, column "t": unknown fill "purple"/);
    bad("subject,image,roi,t\n", /header but no subject lines/);
    bad("\n\n", /the manifest is empty/);
  });

  it("checks that every file exists, naming the line and column", () => {
    const dir = mkdtempSync(join(tmpdir(), "manifest-"));
    try {
      for (const f of ["a.nii", "r.nii"]) writeFileSync(join(dir, f), "");
      const path = join(dir, "c.csv");
      writeFileSync(path, "subject,image,roi,tool\ns1,a.nii,r.nii,builtin:shear\ns2,a.nii,r.nii,missing.nii\n");
      expect(() => readCompareManifest(path)).toThrow(/c\.csv: line 3 \(s2\), column "tool": file not found: .*missing\.nii/);
      expect(() => readCompareManifest(join(dir, "none.csv"))).toThrow(/none\.csv: file not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
