import { describe, expect, it } from "vitest";
import { ballRoi, growthExponent } from "../../bench/families.js";
import { README_BEGIN, README_END, replaceReadmeSection, stageColumns } from "../../bench/report.js";

describe("bench helpers", () => {
  it("fits the growth exponent of a power law, and of a noisy one", () => {
    const x = [4000, 30000, 125000];
    expect(growthExponent(x, x.map((v) => 3 * v ** 1.5))).toBeCloseTo(1.5, 9);
    expect(growthExponent(x, x.map((v) => 0.01 * v))).toBeCloseTo(1, 9);
    expect(growthExponent(x, [10, 80, 300])).toBeGreaterThan(0.9);
    expect(growthExponent(x, [10, 80, 300])).toBeLessThan(1.1);
  });

  it("makes ball ROIs of about the asked size", () => {
    for (const n of [4000, 30000]) {
      const roi = ballRoi(n);
      const voxels = roi.intensityMask.reduce((a, b) => a + b, 0);
      expect(Math.abs(voxels - n) / n).toBeLessThan(0.05);
      expect(roi.nLevels).toBe(32);
    }
  });

  it("sums the feature families into one stage and gives what no stage covers to 'other'", () => {
    const stages = { read: { wall_ms: 10, cpu_ms: 12 }, "features: glcm": { wall_ms: 5, cpu_ms: 6 }, "features: glrlm": { wall_ms: 3, cpu_ms: 4 } };
    const columns = stageColumns(stages, 100);
    expect(columns[0]).toBe(12); // read
    expect(columns[6]).toBe(10); // features
    expect(columns.at(-1)).toBe(100 - 22); // other
  });

  it("regenerates only the README's marked section", () => {
    const readme = `# x\n\nintro\n\n${README_BEGIN}\n\nold numbers\n\n${README_END}\n\nafter\n`;
    const out = replaceReadmeSection(readme, "new table");
    expect(out).toContain("new table");
    expect(out).not.toContain("old numbers");
    expect(out.startsWith("# x\n\nintro\n\n")).toBe(true);
    expect(out.endsWith(`${README_END}\n\nafter\n`)).toBe(true);
    expect(replaceReadmeSection(out, "newer")).toContain("newer");
    expect(() => replaceReadmeSection("# no markers", "x")).toThrow(/bench:begin/);
  });
});
