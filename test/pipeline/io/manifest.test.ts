import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../pipeline/io/manifest.js";

describe("parseManifest", () => {
  it("reads the known columns, resolves paths against the manifest's folder, and takes other columns as defaced images", () => {
    const rows = parseManifest(
      'subject,image,roi,brain_mask,face_mask,pydeface,"mri_deface"\ns1,img/s1.nii.gz,roi1.nii.gz,,face1.nii.gz,pd/s1.nii.gz,\ns2,/abs/s2.nii,roi2.nii.gz,b2.nii.gz,,,md/s2.nii\n',
      "/data/cohort/cohort.csv",
    );
    expect(rows).toEqual([
      {
        subject: "s1",
        image: "/data/cohort/img/s1.nii.gz",
        roi: "/data/cohort/roi1.nii.gz",
        faceMask: "/data/cohort/face1.nii.gz",
        defaced: [{ name: "pydeface", path: "/data/cohort/pd/s1.nii.gz", cell: "pd/s1.nii.gz" }],
        line: 2,
      },
      {
        subject: "s2",
        image: "/abs/s2.nii",
        roi: "/data/cohort/roi2.nii.gz",
        brainMask: "/data/cohort/b2.nii.gz",
        defaced: [{ name: "mri_deface", path: "/data/cohort/md/s2.nii", cell: "md/s2.nii" }],
        line: 3,
      },
    ]);
  });

  it("names the problem and the file: missing column, empty required cell, repeated subject, ragged row, bad condition name", () => {
    expect(() => parseManifest("subject,image\ns1,a.nii\n", "c.csv")).toThrow(/c.csv: the manifest has no "roi" column/);
    expect(() => parseManifest("subject,image,roi\ns1,a.nii,\n", "c.csv")).toThrow(/line 2: the "roi" cell is empty/);
    expect(() => parseManifest("subject,image,roi\ns1,a,b\ns1,c,d\n", "c.csv")).toThrow(/line 3: subject "s1" appears twice/);
    expect(() => parseManifest("subject,image,roi\ns1,a\n", "c.csv")).toThrow(/line 2 has 2 cells, the header 3/);
    expect(() => parseManifest("subject,image,roi,my tool\n", "c.csv")).toThrow(/"my tool" is not a valid condition name/);
    expect(() => parseManifest("subject,image,roi,original\n", "c.csv")).toThrow(/clash with the original condition/);
    expect(() => parseManifest("", "c.csv")).toThrow(/the manifest is empty/);
  });
});
