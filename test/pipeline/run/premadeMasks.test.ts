import { describe, expect, it } from "vitest";
import { buildFaceMask } from "../../../masks/faceMask.js";
import { ctBrainMask } from "../../../masks/brainMaskCt.js";
import { premadeMasks } from "../../../pipeline/run/premadeMasks.js";
import type { ConditionSpec } from "../../../pipeline/run/conditionSpec.js";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";

describe("premadeMasks: a CT image's shared masks, the brain built elsewhere meanwhile", () => {
  const ph = makeHeadPhantom({ kind: "ct", seed: 5, dims: [64, 64, 64], spacing: [3, 3, 3] });
  const specs: ConditionSpec[] = [{ name: "defaced-min", source: { kind: "mask", path: "/data/face.nii.gz" }, fill: "min" }];

  it("are the masks buildFaceMask builds, with its progress lines, the brain from the builder", async () => {
    const lines: string[] = [];
    const asked: unknown[] = [];
    const masks = await premadeMasks(ph.image, "ct", { specs, brainGiven: false, log: (l) => lines.push(l) }, async (image) => {
      asked.push(image);
      return ctBrainMask(image);
    });
    expect(asked).toEqual([ph.image]);
    const built: string[] = [];
    const alone = buildFaceMask(ph.image, { source: { kind: "mask", mask: ph.faceMask, name: "face" }, modality: "ct", log: (l) => built.push(l) });
    for (const key of ["head", "headGrown", "skin", "brain"] as const) expect(Buffer.from(masks![key]).equals(Buffer.from(alone[key])), key).toBe(true);
    expect(masks!.headThreshold).toBe(alone.headThreshold);
    expect(masks!.brainSource).toBe("ct-automatic");
    // the same lines, in the same order, under the first source's label
    expect(lines).toEqual(built.slice(0, 2).map((l) => `face mask face.nii.gz: ${l}`));
    expect(lines[1]).toMatch(/brain mask: automatic/);
    // and buildFaceMask given them builds the same defacing
    const reused = buildFaceMask(ph.image, { source: { kind: "mask", mask: ph.faceMask, name: "face" }, modality: "ct", reuse: masks });
    expect(reused.privacy).toEqual(alone.privacy);
    expect(reused.safety).toEqual(alone.safety);
  });

  it("are not built where nothing overlaps: MR (its brain estimate needs the head), a brain mask given, no defacing", async () => {
    const never = async () => {
      throw new Error("not asked for");
    };
    const log = () => {};
    expect(await premadeMasks(ph.image, "mr", { specs, brainGiven: false, log }, never)).toBeUndefined();
    expect(await premadeMasks(ph.image, "ct", { specs, brainGiven: true, log }, never)).toBeUndefined();
    expect(await premadeMasks(ph.image, "ct", { specs: [], brainGiven: false, log }, never)).toBeUndefined();
  });
});
