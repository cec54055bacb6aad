import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as pm from "../../../analysis/core/portableMath.js";
import { projectRoot } from "../../../pipeline/version.js";

/** Deterministic arguments over many magnitudes, made without any engine-dependent function. */
function args(n: number): number[] {
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let scale = 1e-6;
    for (let k = Math.floor(next() * 12); k > 0; k--) scale *= 10;
    out.push((next() - 0.5) * 2 * scale);
  }
  return out;
}

/** Within 2 ulp of the engine's own function: both are within 1 ulp of the exact value. */
function expectClose(name: string, ours: number, engine: number, x: number): void {
  if (Number.isNaN(engine)) return void expect(ours, `${name}(${x})`).toBeNaN();
  if (!Number.isFinite(engine) || engine === 0) return void expect(ours, `${name}(${x})`).toBe(engine);
  expect(Math.abs(ours - engine), `${name}(${x}): ${ours} vs ${engine}`).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(engine));
}

describe("portableMath", () => {
  const xs = args(20000);
  const unary: [keyof typeof pm, (x: number) => number, (x: number) => number][] = [
    ["exp", Math.exp, (x) => x % 700],
    ["expm1", Math.expm1, (x) => x % 700],
    ["log", Math.log, Math.abs],
    ["log2", Math.log2, Math.abs],
    ["log10", Math.log10, Math.abs],
    ["log1p", Math.log1p, (x) => Math.abs(x) - 0.5],
    ["cbrt", Math.cbrt, (x) => x],
    ["sin", Math.sin, (x) => x % 1e4],
    ["cos", Math.cos, (x) => x % 1e4],
    ["tan", Math.tan, (x) => x % 1e4],
    ["atan", Math.atan, (x) => x],
    ["tanh", Math.tanh, (x) => x % 30],
  ];
  it.each(unary)("%s agrees with the engine's to 2 ulp over 20 000 arguments", (name, engine, domain) => {
    const f = pm[name] as (x: number) => number;
    for (const raw of xs) {
      const x = domain(raw);
      expectClose(name, f(x), engine(x), x);
    }
  });

  it("pow and atan2 agree with the engine's to 2 ulp, and pow's integer powers of 2 are exact", () => {
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const x = Math.abs(xs[i]);
      const y = xs[i + 1] % 20;
      expectClose("pow", pm.pow(x, y), Math.pow(x, y), x);
      expectClose("atan2", pm.atan2(xs[i], xs[i + 1]), Math.atan2(xs[i], xs[i + 1]), xs[i]);
    }
    for (let k = -1074; k <= 1023; k++) expect(pm.pow(2, k)).toBe(2 ** k);
  });

  it("keeps its special values (NaN, ±Infinity, ±0) as Math does", () => {
    for (const x of [NaN, Infinity, -Infinity, 0, -0]) {
      for (const [name, engine] of unary) {
        const ours = (pm[name] as (x: number) => number)(x);
        if (Number.isNaN(engine(x))) expect(ours, `${name}(${x})`).toBeNaN();
        else expect(Object.is(ours, engine(x)), `${name}(${x}) = ${ours}, Math gives ${engine(x)}`).toBe(true);
      }
    }
  });
});

/** The engine-dependent Math functions; everything else in Math is exact by the standard (or, like hypot, the same in V8 everywhere). */
const ENGINE_DEPENDENT = /\bMath\.(exp|expm1|log|log2|log10|log1p|pow|cbrt|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh)\b/;
/** `a ** b` (prettier writes it with spaces): exact only as `x ** 2`, `2 ** n` or on BigInts. */
const EXPONENT = /(\S+) \*\* (\S+)/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/**
 * The line without its // comment and without the text of quoted strings (a markdown "**" is not an
 * operator). Template literals stay: their ${…} holds code.
 */
const codeOf = (line: string): string =>
  line
    .replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""')
    .replace(/\/\/.*$/, "")
    .replace(/^\s*\*.*$/, "");

describe("every feature, mask and report computes with engine-independent functions", () => {
  const root = projectRoot();
  const files = ["analysis", "masks", "pipeline", join("web", "src")].flatMap((d) => sourceFiles(join(root, d)));
  const own = join(root, "analysis", "core", "portableMath.ts");

  it("finds the sources it scans", () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it("calls no engine-dependent Math function and no ** other than x ** 2 or 2 ** n outside portableMath.ts", () => {
    const found: string[] = [];
    for (const file of files) {
      if (file === own) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const code = codeOf(line);
          const where = `${relative(root, file)}:${i + 1}: ${line.trim()}`;
          if (ENGINE_DEPENDENT.test(code)) found.push(where);
          for (const [, base, exponent] of code.matchAll(EXPONENT)) {
            // exact: a square, a power of 2, or BigInt arithmetic (10n ** 3n)
            if (!/^2\)*[,;]?$/.test(exponent) && !/(^|\W)2$/.test(base) && !/\d+n$/.test(base)) found.push(where);
          }
        });
    }
    expect(found).toEqual([]);
  });
});
