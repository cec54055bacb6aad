import { expect, flipBytes, randomInt, type Expect, type MutationContext } from "../caseList.js";
import type { Role } from "../types.js";

/** What `run --settings` is given (the command line names only the files). */
export const RUN_SETTINGS = [
  "defacing:",
  "  fills: [min]",
  "normalisation:",
  "  methods: [none, zscore-global]",
  "features:",
  "  configs: [nodisc, fbn8]",
  "",
].join("\n");

/** What `features --settings` is given: IBSI processing settings. */
export const FEATURES_SETTINGS = [
  "discretisation: { kind: fbn, nBins: 8 }",
  "texture: { dimension: 3D, distance: 1 }",
  "families: [intensity_statistics, intensity_histogram, glcm]",
  "",
].join("\n");

/**
 * Settings files (YAML/JSON) for run and features: wrong types and values, syntax errors, alias
 * bombs, deep nesting, binary junk, sizes a settings file never has; equivalent spellings that
 * change nothing.
 */
export function settingsCases(ctx: MutationContext): void {
  const { phantom } = ctx.bases;
  const add = (role: Role, mutation: string, text: string | Uint8Array, expectation: Expect) => {
    const bytes = typeof text === "string" ? new Uint8Array(Buffer.from(text, "utf8")) : text;
    const good = role === "run-settings" ? RUN_SETTINGS : FEATURES_SETTINGS;
    ctx.list.add({
      reader: "settings",
      mutation: `${role === "run-settings" ? "run" : "features"}-${mutation}`,
      base: "phantom",
      role,
      target: "settings.yaml",
      files: () => ({ ...phantom.files, "settings.yaml": bytes }),
      expect: expectation,
      oracle: () => ({ ...phantom.files, "settings.yaml": new Uint8Array(Buffer.from(good)) }),
    });
  };
  const run = (mutation: string, text: string | Uint8Array, e: Expect) => add("run-settings", mutation, text, e);
  const features = (mutation: string, text: string | Uint8Array, e: Expect) => add("features-settings", mutation, text, e);

  for (const [role, good] of [["run-settings", RUN_SETTINGS], ["features-settings", FEATURES_SETTINGS]] as const) {
    add(role, "equivalent", good, expect.same);
    add(role, "equivalent-json", JSON.stringify(yamlToObject(good)), expect.same);
    add(role, "equivalent-comments", `# settings\n${good.replace(/\n/g, "  # note\n")}`, expect.same);
    add(role, "equivalent-crlf", good.replace(/\n/g, "\r\n"), expect.same);
    add(role, "yaml-syntax", `${good}\n  : : [\n`, expect.error);
    if (role === "run-settings") add(role, "yaml-tabs", good.replace(/^ {2}/gm, "\t"), expect.error);
    add(role, "duplicate-key", `${good}${good.split("\n")[0]}\n`, expect.error);
    add(role, "top-level-list", "- a\n- b\n", expect.error);
    add(role, "top-level-scalar", "42\n", expect.error);
    add(role, "alias-bomb", aliasBomb(), expect.error);
    add(role, "deep-nesting", `${"[".repeat(20000)}${"]".repeat(20000)}\n`, expect.error);
    add(role, "huge", `# ${"x".repeat(2 ** 21)}\n${good}`, expect.error);
    add(role, "nul", new Uint8Array([...Buffer.from(good), 0]), expect.error);
    add(role, "binary", flipBytes(new Uint8Array(2048), ctx.random, 2048, 0, 2048), expect.error);
    add(role, "empty", "", expect.ok); // nothing set: the defaults
    const bytes = new Uint8Array(Buffer.from(good));
    for (let n = 0; n < 12; n++) add(role, "text-bytes", flipBytes(bytes, ctx.random, randomInt(ctx.random, 1, 3), 0, bytes.length), expect.either);
  }

  // run: wrong types and values, group by group
  const runWith = (group: string, body: string) => `${RUN_SETTINGS.replace(new RegExp(`^${group}:\\n(  .*\\n)*`, "m"), "")}${group}:\n${body}\n`;
  for (const v of ["5", "none", "[bogus]", "[]", "{a: 1}"]) run("methods", runWith("normalisation", `  methods: ${v}`), expect.error);
  for (const v of ["[1]", "[fbn0]", "[]", "nodisc", "[fbs-1]", "[fbnabc]"]) run("configs", runWith("features", `  configs: ${v}`), expect.error);
  for (const v of ["[lava]", "['constant:abc']", "3", "[]", "['blur:-2']"]) run("fills", runWith("defacing", `  fills: ${v}`), expect.error);
  for (const v of ["-1", "1.5", "x", ".nan"]) run("seed", runWith("defacing", `  fills: [min]\n  seed: ${v}`), expect.error);
  for (const v of ["-5", ".inf", "x"]) run("buffer", runWith("defacing", `  fills: [min]\n  bufferMm: ${v}`), expect.error);
  for (const v of ["0", "-1", "x", ".nan"]) run("scale-factor", runWith("normalisation", `  methods: [none, zscore-global]\n  scaleFactor: ${v}`), expect.error);
  run("sd", runWith("normalisation", "  methods: [none, zscore-global]\n  sd: median"), expect.error);
  run("modality", `${RUN_SETTINGS}input:\n  modality: pet\n`, expect.error);
  run("aggregations", runWith("features", "  configs: [nodisc, fbn8]\n  aggregations: [XX]"), expect.error);
  run("force", `${RUN_SETTINGS}output:\n  force: yes-please\n`, expect.error);
  run("group-is-a-list", `${RUN_SETTINGS}input: [a, b]\n`, expect.error);
  run("group-is-a-number", `${RUN_SETTINGS}output: 3\n`, expect.error);
  run("unknown-key", `${RUN_SETTINGS}normalisaton:\n  methods: [none]\n`, expect.either); // unknown keys are not (yet) refused

  // features: IBSI processing settings
  const featuresWith = (line: string) => `${FEATURES_SETTINGS}${line}\n`;
  for (const v of ["[0, 0, 0]", "[-1, 1, 1]", "[1, 1]", "x", "[.nan, 1, 1]", "[1e-9, 1e-9, 1e-9]"]) features("resampling-spacing", featuresWith(`resampling: { spacing: ${v} }`), expect.error);
  for (const v of ["{ kind: fbn, nBins: 0 }", "{ kind: fbn, nBins: -1 }", "{ kind: fbn, nBins: 1.5 }", "{ kind: fbs, binWidth: 0 }", "{ kind: bogus }", "{ kind: fbn }", "{ kind: fbn, nBins: 1e9 }", "{ kind: fbs, binWidth: 1e-12 }"]) {
    features("discretisation", FEATURES_SETTINGS.replace(/^discretisation:.*$/m, `discretisation: ${v}`), expect.error);
  }
  for (const v of ["{ kind: fbn, nBins: 1e9 }", "{ kind: fbs, binWidth: 1e-12 }", "{ kind: fbn, nBins: -3 }"]) features("ivh", featuresWith(`ivh: ${v}`), expect.error);
  features("resegmentation-inverted", featuresWith("resegmentation: { range: [400, -1000] }"), expect.error);
  for (const v of ["{ dimension: 4D }", "{ dimension: 3D, distance: 0 }", "{ dimension: 3D, distance: 1.5 }"]) features("texture", FEATURES_SETTINGS.replace(/^texture:.*$/m, `texture: ${v}`), expect.error);
  features("families", FEATURES_SETTINGS.replace(/^families:.*$/m, "families: [bogus]"), expect.error);
  features("mask-threshold", featuresWith("resampling: { spacing: [6, 6, 6], maskThreshold: 0 }"), expect.error);
}

/** "Billion laughs": each alias doubles the text; the YAML parser must stop it. */
function aliasBomb(): string {
  const lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let n = 1; n < 12; n++) {
    const prev = String.fromCharCode(96 + n);
    const name = String.fromCharCode(97 + n);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  return lines.join("\n") + "\n";
}

/** The tiny YAML subset of the settings above, as an object (for the JSON spelling). */
function yamlToObject(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let group: Record<string, unknown> | undefined;
  const value = (v: string): unknown => {
    v = v.trim();
    if (v.startsWith("[")) return v.slice(1, -1).split(",").map((x) => value(x));
    if (v.startsWith("{")) return Object.fromEntries(v.slice(1, -1).split(",").map((kv) => { const [k, x] = kv.split(":"); return [k.trim(), value(x)]; }));
    return v !== "" && !Number.isNaN(Number(v)) ? Number(v) : v;
  };
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const m = /^(\s*)([A-Za-z]+):\s*(.*)$/.exec(line)!;
    if (!m[1]) {
      if (m[3]) out[m[2]] = value(m[3]);
      else out[m[2]] = group = {};
    } else group![m[2]] = value(m[3]);
  }
  return out;
}
