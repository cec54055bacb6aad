import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readIbsiReference } from "../../../pipeline/validate/ibsiReferenceCsv.js";

describe("readIbsiReference", () => {
  const dir = mkdtempSync(join(tmpdir(), "ibsi-csv-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("reads valued rows, honours quotes, skips unset values", () => {
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
