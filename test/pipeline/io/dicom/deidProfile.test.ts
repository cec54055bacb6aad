import { describe, expect, it } from "vitest";
import { deidProfileSize, deidRuleFor } from "../../../../pipeline/io/dicom/deidProfile.js";
import { cleanText, deidMethodCodes } from "../../../../pipeline/io/dicom/deidentify.js";
import { dateShiftDays, remapUid } from "../../../../pipeline/io/dicom/uidRemap.js";

describe("PS3.15 Annex E profile table", () => {
  it("holds the whole table E.1-1 with its actions and options", () => {
    expect(deidProfileSize()).toBe(621);
    expect(deidRuleFor("00100010")?.basic).toBe("Z"); // Patient's Name
    expect(deidRuleFor("0020000D")?.basic).toBe("U"); // Study Instance UID
    expect(deidRuleFor("0020000d")?.basic).toBe("U"); // case-insensitive
    expect(deidRuleFor("00081030")?.options?.cleanDescOpt).toBe("C"); // Study Description
    expect(deidRuleFor("00181000")?.options?.rtnDevIdOpt).toBe("K"); // Device Serial Number
    expect(deidRuleFor("00080020")?.options?.rtnLongModifDatesOpt).toBe("C"); // Study Date
    expect(deidRuleFor("60023000")?.basic).toBe("X"); // Overlay Data, repeating group 60xx
    expect(deidRuleFor("00080060")).toBeUndefined(); // Modality: not listed, kept
  });

  it("remaps UIDs to 2.25 + 128 bits of HMAC-SHA-256, deterministically per key", () => {
    const a = remapUid("key", "1.2.3.4");
    expect(a).toBe(remapUid("key", "1.2.3.4 ")); // DICOM pads UIDs; padding does not change the mapping
    expect(a).not.toBe(remapUid("other", "1.2.3.4"));
    expect(a).not.toBe(remapUid("key", "1.2.3.5"));
    const n = BigInt(a.slice(5));
    expect(n < 2n ** 128n).toBe(true);
    expect(a.length).toBeLessThanOrEqual(64);
    const shift = dateShiftDays("key", "PID");
    expect(shift).toBe(dateShiftDays("key", "PID"));
    expect(shift >= 1 && shift <= 3650).toBe(true);
  });

  it("cleans descriptors of identifying values and dates, and lists the method codes", () => {
    expect(cleanText("CT head SMITH 2021-03-15 follow-up 20210315", ["Smith"])).toBe("CT head follow-up");
    // numbers written into free text: phone and record numbers go, a protocol's numbers stay
    expect(cleanText("call Dr X on +44 (0)20 7946 0958 or 555-0199, MRN 4471-2290", [])).toBe("call Dr X on or , MRN");
    expect(cleanText("T1 MPRAGE 1.0 mm 3D B30f 120 kV 512x512", [])).toBe("T1 MPRAGE 1.0 mm 3D B30f 120 kV 512x512");
    expect(deidMethodCodes({ key: "k", cleanDescriptors: true, retainLongitudinalTemporal: true, retainDeviceIdentity: true }, true).map((c) => c.code))
      .toEqual(["113100", "113102", "113105", "113107", "113109"]);
  });
});
