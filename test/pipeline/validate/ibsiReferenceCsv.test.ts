import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCsv, readIbsiReference, readReferenceValues } from "../../../pipeline/validate/ibsiReferenceCsv.js";

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

  it("readIbsiReference reads valued rows, honours quotes, skips unset values", () => {
    const path = join(dir, "ref.csv");
    writeFileSync(
      path,
      [
        "feature_family,feature_name,ibsi_code,ibsi_tag,compliance_tag,phantom_or_config,aggregation,aggregation_code,reference_value,tolerance,note",
        'intensity_volume_histogram,"Intensity at 10% volume (I10)",GBPN,ivh.i10,ivh_i10,A,"3D, none",DHQ4,96,0,"a ""quoted"" note"',
        "intensity_volume_histogram,Area under the IVH curve,9CMM,ivh.auc,ivh_auc,A,3D,DHQ4,,,",
        "local_intensity,Global intensity peak,0F91,loc.peak.global,loc_peak_glob,A,3D,DHQ4,189,5,",
      ].join("\n"),
    );
    const rows = readIbsiReference(path);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ feature: "Intensity at 10% volume (I10)", ibsiCode: "GBPN", config: "A", value: 96, tolerance: 0 });
    expect(rows[1]).toMatchObject({ ibsiCode: "0F91", value: 189, tolerance: 5 });
  });
});
