import { describe, expect, it } from "vitest";
import { scalingAffine, type Volume } from "../../../analysis/core/volume.js";
import type { NormalisationName } from "../../../analysis/normalisation/normalisations.js";
import { presetInput } from "../../../analysis/ibsi/presets.js";
import { SettingsSchema, type SettingsInput } from "../../../analysis/settings.js";
import { featuresCsv, shiftsCsv } from "../../../pipeline/report/csv.js";
import { mergeSettings } from "../../../pipeline/io/settingsFile.js";
import { poolSize, poolThreads, startPool, threadPool } from "../../../pipeline/pool/runJobs.js";
import { runSubject } from "../../../pipeline/run/runSubject.js";
import type { SubjectInput } from "../../../pipeline/run/subject.js";
import { DefaceImpactError } from "../../../analysis/core/errors.js";

/** A 40³ block: noisy "tissue" with a ROI cube in one corner and a "face" slab at the other end. */
function synthetic(): SubjectInput {
  const n = 40;
  const data = new Int16Array(n * n * n);
  const roi = new Uint8Array(n * n * n);
  const face: number[] = [];
  let s = 12345;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const idx = i + n * (j + n * k);
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        data[idx] = 40 + (s % 50) + (i > 30 ? 300 : 0);
        if (i >= 5 && i < 15 && j >= 5 && j < 15 && k >= 5 && k < 15) roi[idx] = 1;
        if (j >= 34) face.push(idx);
      }
  const image: Volume = { data, dims: [n, n, n], spacing: [1, 1, 2], affine: scalingAffine([1, 1, 2]) };
  const indices = Uint32Array.from(face);
  return {
    subject: "synthetic",
    image,
    roi,
    roiName: "roi.nii.gz",
    conditions: [{ name: "defaced-zero", description: "test", indices, values: new Float64Array(indices.length) }],
  };
}

const options = (threads: number, more: SettingsInput = {}, normalisations: NormalisationName[] = ["none", "zscore-global"]) => ({
  settings: SettingsSchema.parse(mergeSettings({ processing: { discretisation: ["fbn16"] } }, more as Record<string, unknown>)),
  normalisations,
  runJobs: threadPool(threads),
});

describe("runSubject", () => {
  it("gives byte-identical CSV output on 1 and 2 threads", async () => {
    const one = await runSubject(synthetic(), options(1));
    const two = await runSubject(synthetic(), options(2));
    expect(featuresCsv(two.features)).toBe(featuresCsv(one.features));
    expect(shiftsCsv(two.shifts)).toBe(shiftsCsv(one.shifts));
    expect(one.features.length).toBeGreaterThan(0);
  });

  it("starts no more workers than its jobs can use, whatever --threads allows, and gives the same bytes", async () => {
    const one = await runSubject(synthetic(), options(1));
    await startPool(8, 2);
    expect(poolThreads()).toBe(2);
    const eight = await runSubject(synthetic(), options(8)); // two normalisations: two jobs
    expect(poolThreads()).toBe(2);
    expect(featuresCsv(eight.features)).toBe(featuresCsv(one.features));
    expect(shiftsCsv(eight.shifts)).toBe(shiftsCsv(one.shifts));
  });

  it("counts a thread that works alongside its workers among the threads, and gives the same bytes", async () => {
    // feature jobs alone: every thread is a worker, and one worker is no better than this thread
    expect([poolSize(1, 7), poolSize(2, 7), poolSize(8, 7), poolSize(8, 1)]).toEqual([0, 2, 7, 0]);
    // run draws its renders meanwhile: --threads 2 is this thread and one worker
    expect([poolSize(1, 7, true), poolSize(2, 7, true), poolSize(8, 7, true), poolSize(8, 1, true), poolSize(4, 0, true)]).toEqual([0, 1, 7, 1, 0]);
    const one = await runSubject(synthetic(), options(1));
    await startPool(2, 2, true);
    expect(poolThreads()).toBe(1);
    const alongside = await runSubject(synthetic(), { ...options(2), runJobs: threadPool(2, true) });
    expect(poolThreads()).toBe(1);
    expect(featuresCsv(alongside.features)).toBe(featuresCsv(one.features));
    expect(shiftsCsv(alongside.shifts)).toBe(shiftsCsv(one.shifts));
  });

  it("shifts the mean under zscore-global but not skewness or kurtosis; nothing moves without normalisation", async () => {
    const r = await runSubject(synthetic(), options(1));
    const shift = (norm: string, code: string) =>
      r.shifts.find((s) => s.normalization === norm && s.ibsi_code === code && s.config === "nodisc")!;
    expect(Math.abs(shift("zscore-global", "Q4LE").rel_shift)).toBeGreaterThan(1e-4);
    expect(Math.abs(shift("zscore-global", "KE2A").rel_shift)).toBeLessThan(1e-6);
    expect(Math.abs(shift("zscore-global", "IPH6").rel_shift)).toBeLessThan(1e-6);
    for (const s of r.shifts.filter((x) => x.normalization === "none")) expect(s.abs_shift).toBe(0);
    // The reported map reproduces the mean's shift: m_d = a·m + b.
    const map = r.maps.find((m) => m.normalization === "zscore-global")!;
    const mean = shift("zscore-global", "Q4LE");
    expect(mean.defaced).toBeCloseTo(map.a * mean.original + map.b, 10);
  });

  it("observes every invariant and equivariant feature at its closed-form prediction", async () => {
    const r = await runSubject(
      synthetic(),
      options(1, { processing: { discretisation: ["fbn16", "fbs0.05"] } }, ["none", "zscore-global", "zscore-unmasked", "zscore-roi"]),
    );
    const predictable = r.shifts.filter((s) => s.behaviour === "invariant" || s.behaviour === "equivariant");
    expect(predictable.length).toBeGreaterThan(100);
    for (const s of predictable) {
      const tolerance = 1e-9 * Math.max(1, Math.abs(s.defaced));
      expect(Math.abs(s.defaced - s.predicted_defaced), `${s.normalization} ${s.config} ${s.feature} ${s.aggregation_code}`).toBeLessThanOrEqual(tolerance);
    }
    // A fixed bin size in normalised units is not invariant: some texture moves under zscore-global.
    const fbsTextures = r.shifts.filter((s) => s.normalization === "zscore-global" && s.config === "fbs0.05" && s.family === "glcm");
    expect(fbsTextures.every((s) => s.behaviour === "discretisation-dependent")).toBe(true);
    expect(fbsTextures.some((s) => s.abs_shift !== 0)).toBe(true);
  });

  it("through resampling (IBSI C without its HU range): every invariant and equivariant feature is exact", async () => {
    const preset = presetInput("ibsi-C") as Record<string, unknown>;
    const r = await runSubject(
      synthetic(),
      options(2, mergeSettings(preset, { processing: { resegmentation: { range: null }, discretisation: ["fbn16"] } }) as SettingsInput, ["zscore-global", "zscore-roi"]),
    );
    const predictable = r.shifts.filter((s) => s.behaviour === "invariant" || s.behaviour === "equivariant");
    expect(predictable.length).toBeGreaterThan(100);
    expect(predictable.every((s) => s.prediction === "exact")).toBe(true);
    for (const s of predictable) {
      const tolerance = 1e-9 * Math.max(1, Math.abs(s.defaced));
      expect(Math.abs(s.defaced - s.predicted_defaced), `${s.normalization} ${s.config} ${s.feature} ${s.aggregation_code}`).toBeLessThanOrEqual(tolerance);
    }
    // the mean moved, so the test is not trivial
    expect(r.shifts.some((s) => s.normalization === "zscore-global" && s.ibsi_code === "Q4LE" && Math.abs(s.rel_shift) > 1e-4)).toBe(true);
  });

  it("through a fixed re-segmentation range after a z-score: predictions are marked approximate, and some miss", async () => {
    // the ROI's z-scores lie near −0.8 … −0.4; a range from −0.6 cuts through them, and defacing moves them across it
    const r = await runSubject(synthetic(), options(1, { processing: { resegmentation: { range: [-0.6, null] }, discretisation: ["fbn16"] } }, ["zscore-global"]));
    const intensityBased = r.shifts.filter((s) => s.family === "intensity_statistics");
    expect(intensityBased.every((s) => s.prediction === "approximate")).toBe(true);
    const mean = r.shifts.find((s) => s.ibsi_code === "Q4LE")!;
    expect(Math.abs(mean.defaced - mean.predicted_defaced)).toBeGreaterThan(1e-6);
    // the morphological mask is not re-segmented: its features stay exact
    const volume = r.shifts.find((s) => s.ibsi_code === "RNU0")!;
    expect(volume.prediction).toBe("exact");
    expect(volume.defaced).toBe(volume.original);
  });

  it("refuses a face mask that removes ROI voxels unless allowed", async () => {
    const input = synthetic();
    const roiVoxel = input.roi.indexOf(1);
    input.conditions[0].indices = Uint32Array.from([roiVoxel]);
    input.conditions[0].values = new Float64Array(1);
    await expect(runSubject(input, options(1))).rejects.toThrow(DefaceImpactError);
    await expect(runSubject(input, options(1))).rejects.toThrow(/removes 1 of the ROI/);
    const allowed = await runSubject(input, options(1, { defacing: { allowRoiOverlap: true } }));
    expect(allowed.roiOverlap[0].voxels).toBe(1);
  });

  it("fails clearly on an empty ROI", async () => {
    const input = synthetic();
    input.roi.fill(0);
    await expect(runSubject(input, options(1))).rejects.toThrow(/roi.nii.gz: the region of interest is empty/);
  });
});
