import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCsv, readReferenceValues } from "../../../pipeline/validate/ibsiReferenceCsv.js";

describe("IBSI reference table reader", () => {
  const dir = mkdtempSync(join(tmpdir(), "ibsi-ref-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("parses quoted fields with commas, quotes and newlines", () => {
    expect(parseCsv('a,"b,c","d ""e""",f\n1,"x\ny",,3\n')).toEqual([
      ["a", "b,c", 'd "e"', "f"],
      ["1", "x\ny", "", "3"],
    ]);
  });

  it("reads rows, skips rows without a reference value and keeps diagnostics", () => {
    const path = join(dir, "reference_values.csv");
    writeFileSync(
      path,
      [
        "feature_family,feature_name,ibsi_code,ibsi_tag,compliance_tag,phantom_or_config,aggregation,aggregation_code,reference_value,tolerance,note",
        'glcm,Joint maximum,GYBY,cm.joint_max,cm_joint_max,C,"3D, merged",IAZD,0.111,0.002,"a note, with a comma"',
        "glcm,Joint maximum,GYBY,cm.joint_max,cm_joint_max,C,3D,KOBO,,,missing",
        "diagnostics,initial ROI: Int. mask voxel count,,,int_mask_vox_count_init_roi,C,,,125256,0,",
      ].join("\n"),
    );
    const rows = readReferenceValues(path);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ ibsiCode: "GYBY", aggregationCode: "IAZD", value: 0.111, tolerance: 0.002, config: "C" });
    expect(rows[1]).toMatchObject({ ibsiCode: "", aggregationCode: "", complianceTag: "int_mask_vox_count_init_roi", value: 125256 });
  });

  it("names the file when it is not a reference table", () => {
    const path = join(dir, "other.csv");
    writeFileSync(path, "a,b\n1,2\n");
    expect(() => readReferenceValues(path)).toThrow(/other\.csv.*missing column/);
  });
});
