import { describe, expect, it } from "vitest";
import { maskedMoments, meanAndSd } from "../../../analysis/normalisation/moments.js";
import { NORMALISATION_NAMES, normalisationParameters } from "../../../analysis/normalisation/normalisations.js";
import { percentile } from "../../../analysis/features/roiValues.js";
import { mulberry32 } from "../../../analysis/core/random.js";

/** 30³ integer image; head = a ball, brain = a smaller ball, face = a slab of the head, ROI = a cube in the brain. */
function scene() {
  const n = 30;
  const size = n * n * n;
  const data = new Int16Array(size);
  const head = new Uint8Array(size);
  const brain = new Uint8Array(size);
  const roi = new Uint8Array(size);
  const face: number[] = [];
  let s = 99;
  for (let k = 0, idx = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++, idx++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        const r2 = (i - 15) ** 2 + (j - 15) ** 2 + (k - 15) ** 2;
        head[idx] = r2 <= 13 ** 2 ? 1 : 0;
        brain[idx] = r2 <= 8 ** 2 ? 1 : 0;
        data[idx] = head[idx] ? 20 + (s % 60) + (brain[idx] ? 30 : 0) : -1000 + (s % 5);
        if (i >= 12 && i < 17 && j >= 12 && j < 17 && k >= 12 && k < 17) roi[idx] = 1;
        if (head[idx] && j >= 24) face.push(idx);
      }
  return { data, head, brain, roi, face: Uint32Array.from(face) };
}

describe("normalisations over their regions", () => {
  const sc = scene();
  const fillValue = -1000;
  const values = new Float64Array(sc.face.length).fill(fillValue);
  const defaced = sc.data.slice();
  for (const i of sc.face) defaced[i] = fillValue;
  const opts = { sdMode: "population" as const, scaleFactor: 1 };
  const [orig, def] = normalisationParameters(
    sc.data,
    [
      { indices: new Uint32Array(0), values: new Float64Array(0) },
      { indices: sc.face, values },
    ],
    NORMALISATION_NAMES,
    opts,
    { roi: sc.roi, head: sc.head, brain: sc.brain },
  );
  const at = (row: typeof orig, name: string) => row[NORMALISATION_NAMES.indexOf(name as never)];

  it("zscore-foreground of the defaced image equals a recount over the head minus the face", () => {
    const headAfter = sc.head.slice();
    for (const i of sc.face) headAfter[i] = 0;
    const full = meanAndSd(maskedMoments(defaced, headAfter));
    expect(at(def, "zscore-foreground").mean).toBeCloseTo(full.mean, 10);
    expect(at(def, "zscore-foreground").sd).toBeCloseTo(full.sd, 10);
    expect(at(def, "zscore-foreground").count).toBe(maskedMoments(defaced, headAfter).count);
  });

  it("zscore-unmasked, zscore-brain and zscore-roi do not move when the face is removed", () => {
    for (const name of ["zscore-unmasked", "zscore-brain", "zscore-roi"]) {
      expect(at(def, name).scale).toBe(at(orig, name).scale);
      expect(at(def, name).offset).toBe(at(orig, name).offset);
    }
    expect(at(def, "zscore-global").sd).not.toBe(at(orig, "zscore-global").sd);
  });

  it("percentile maps the head's 1st..99th percentiles to 0..1, recomputed without the face", () => {
    const headAfter = sc.head.slice();
    for (const i of sc.face) headAfter[i] = 0;
    const vals = Float64Array.from(defaced.filter((_, i) => headAfter[i] === 1)).sort();
    const p1 = percentile(vals, 1);
    const p99 = percentile(vals, 99);
    const p = at(def, "percentile");
    expect(p.scale * p1 + p.offset).toBeCloseTo(0, 12);
    expect(p.scale * p99 + p.offset).toBeCloseTo(1, 12);
  });

  it("needs the masks it draws on", () => {
    expect(() =>
      normalisationParameters(sc.data, [{ indices: new Uint32Array(0), values: new Float64Array(0) }], ["zscore-brain"], opts, { roi: sc.roi }),
    ).toThrow(/brain mask/);
  });

  it("applies PyRadiomics' outlier clipping as a bound in σ units times the scale factor", () => {
    const [p] = normalisationParameters(
      sc.data,
      [{ indices: new Uint32Array(0), values: new Float64Array(0) }],
      ["zscore-global"],
      { sdMode: "sample", scaleFactor: 100, outlierSd: 3 },
      { roi: sc.roi },
    );
    expect(p[0].clip).toBe(300);
    const { sd } = meanAndSd(maskedMoments(sc.data, new Uint8Array(sc.data.length).fill(1)), "sample");
    expect(p[0].scale).toBeCloseTo(100 / sd, 12);
  });
});

describe("zscore-unmasked: the region outside every condition's face mask", () => {
  it("merging the conditions' sorted indices gives the plain set union", () => {
    const random = mulberry32(77);
    const n = 5000;
    const data = Float64Array.from({ length: n }, () => random() * 100);
    const roi = new Uint8Array(n).fill(1);
    const pick = (p: number) => Uint32Array.from([...Array(n).keys()].filter(() => random() < p));
    const shared = pick(0.05);
    const conditions = [
      { indices: new Uint32Array(0), values: new Float64Array(0) },
      { indices: shared, values: new Float64Array(shared.length) },
      { indices: shared, values: new Float64Array(shared.length).fill(3) },
      ...[0.02, 0.1, 0.3].map((p) => pick(p)).map((indices) => ({ indices, values: new Float64Array(indices.length) })),
    ];
    const union = new Set<number>();
    for (const c of conditions) for (const i of c.indices) union.add(i);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) if (!union.has(i)) (sum += data[i]), count++;
    const [[p]] = normalisationParameters(data, conditions, ["zscore-unmasked"], {}, { roi });
    expect(p.count).toBe(count);
    expect(p.mean).toBeCloseTo(sum / count, 9);
  });
});
