import { describe, expect, it } from "vitest";
import { FAMILIES } from "../../../analysis/features/registry.js";
import type { FamilyName, FeatureValue } from "../../../analysis/features/types.js";
import { matchesReference } from "../../../analysis/ibsi/matchReferences.js";
import { DIGITAL_PHANTOM_REFERENCES } from "../../../fixtures/ibsiDigitalPhantom.js";
import { digitalPhantomRoi } from "../../../fixtures/digitalPhantomRoi.js";

const TEXTURE: readonly [FamilyName, number][] = [
  ["glcm", 150],
  ["glrlm", 96],
  ["glszm", 48],
  ["gldzm", 48],
  ["ngtdm", 15],
  ["ngldm", 51],
];

describe.each(TEXTURE)("%s on the IBSI digital phantom", (family, expectedRows) => {
  const fn = FAMILIES[family];
  const values = fn ? fn(digitalPhantomRoi(), {}) : [];
  const references = DIGITAL_PHANTOM_REFERENCES.filter((r) => r.family === family);
  const find = (code: string, agg: string): FeatureValue | undefined =>
    values.find((v) => v.ibsiCode === code && v.aggregationCode === agg);

  it(`has all ${expectedRows} reference rows and computes one value for each`, () => {
    expect(fn, `${family} is registered in FAMILIES`).toBeDefined();
    expect(references).toHaveLength(expectedRows);
    expect(values).toHaveLength(expectedRows);
    for (const ref of references) expect(find(ref.ibsiCode, ref.aggregationCode)?.feature).toBe(ref.feature);
  });

  it.each(references.map((r) => [r.feature, r.aggregationCode, r.value, r] as const))(
    "%s (%s) matches %s",
    (_feature, _agg, _value, ref) => {
      const got = find(ref.ibsiCode, ref.aggregationCode);
      expect(got, "row missing").toBeDefined();
      expect(matchesReference(got!.value, ref.value, ref.tolerance), `got ${got!.value}`).toBe(true);
    },
  );
});
