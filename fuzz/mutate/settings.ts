import { stringify } from "yaml";
import { expect, flipBytes, randomInt, type Expect, type MutationContext } from "../caseList.js";
import type { Role } from "../types.js";

type Doc = Record<string, unknown>;

/** What `run --settings` is given (its command line names only the files). */
const RUN_SETTINGS: Doc = {
  defacing: { fills: ["min"] },
  normalisation: { methods: ["none", "zscore-global"] },
  processing: { discretisation: ["fbn8"] },
};

/** What `features --settings` is given. */
const FEATURES_SETTINGS: Doc = {
  processing: { discretisation: ["fbn8"], texture: { distance: 1 } },
  features: { families: ["intensity_statistics", "intensity_histogram", "glcm"] },
};

/** A copy of `doc` with the value at a dotted path replaced (undefined: removed). */
function withValue(doc: Doc, path: string, value: unknown): Doc {
  const out = structuredClone(doc);
  const keys = path.split(".");
  let at = out as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete at[keys[keys.length - 1]];
  else at[keys[keys.length - 1]] = value;
  return out;
}

/**
 * Settings files (YAML/JSON) for run and features: wrong types and values in every group, unknown
 * keys, syntax errors, alias bombs, deep nesting, binary junk, sizes a settings file never has; and
 * equivalent spellings that change nothing.
 */
export function settingsCases(ctx: MutationContext): void {
  const { phantom } = ctx.bases;
  const add = (role: Role, mutation: string, text: string | Uint8Array, expectation: Expect) => {
    const bytes = typeof text === "string" ? new Uint8Array(Buffer.from(text, "utf8")) : text;
    const good = stringify(role === "run-settings" ? RUN_SETTINGS : FEATURES_SETTINGS);
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

  for (const [role, doc] of [["run-settings", RUN_SETTINGS], ["features-settings", FEATURES_SETTINGS]] as const) {
    const good = stringify(doc);
    add(role, "equivalent", good, expect.same);
    add(role, "equivalent-json", JSON.stringify(doc), expect.same);
    add(role, "equivalent-flow", stringify(doc, { collectionStyle: "flow" }), expect.same);
    add(role, "equivalent-comments", `# settings\n${good.replace(/\n/g, "  # note\n")}`, expect.same);
    add(role, "equivalent-crlf", good.replace(/\n/g, "\r\n"), expect.same);
    add(role, "yaml-syntax", `${good}\n  : : [\n`, expect.error);
    add(role, "yaml-tabs", good.replace(/^ {2}/gm, "\t"), expect.error);
    add(role, "duplicate-key", `${good}${good.split("\n")[0]}\n`, expect.error);
    add(role, "top-level-list", "- a\n- b\n", expect.error);
    add(role, "top-level-scalar", "42\n", expect.error);
    add(role, "unknown-group", stringify({ ...doc, normalisaton: { methods: ["none"] } }), expect.error);
    add(role, "unknown-key", stringify(withValue(doc, "processing.discretisaton", ["fbn8"])), expect.error);
    add(role, "alias-bomb", aliasBomb(), expect.error);
    add(role, "deep-nesting", `${"[".repeat(20000)}${"]".repeat(20000)}\n`, expect.error);
    add(role, "huge", `# ${"x".repeat(2 ** 21)}\n${good}`, expect.error);
    add(role, "nul", new Uint8Array([...Buffer.from(good), 0]), expect.error);
    add(role, "binary", flipBytes(new Uint8Array(2048), ctx.random, 2048, 0, 2048), expect.error);
    add(role, "empty", "", expect.ok); // nothing set: the defaults
    const bytes = new Uint8Array(Buffer.from(good));
    for (let n = 0; n < 12; n++) add(role, "text-bytes", flipBytes(bytes, ctx.random, randomInt(ctx.random, 1, 3), 0, bytes.length), expect.either);

    // wrong types and values, group by group
    const bad = (mutation: string, path: string, values: unknown[], expectation: Expect = expect.error) => {
      for (const v of values) add(role, mutation, stringify(withValue(doc, path, v)), expectation);
    };
    bad("methods", "normalisation.methods", [5, "none", ["bogus"], [], { a: 1 }]);
    bad("discretisation", "processing.discretisation", [[1], ["fbn0"], [], "fbn8", ["fbs-1"], ["fbnabc"], ["fbn1000000000"], ["fbs0"], [{ label: "fbn8" }]]);
    bad("fills", "defacing.fills", [["lava"], ["constant:abc"], 3, [], ["blur:-2"]]);
    bad("seed", "defacing.seed", [-1, 1.5, "x", ".nan"]);
    bad("buffer", "defacing.bufferMm", [-5, "x"]);
    bad("scale-factor", "normalisation.scaleFactor", [0, -1, "x"]);
    bad("sd", "normalisation.sd", ["median"]);
    bad("modality", "input.modality", ["pet", 3]);
    bad("aggregations", "features.aggregations", [["XX"], []]);
    bad("families", "features.families", [["bogus"], []]);
    bad("force", "output.force", ["yes-please"]);
    bad("group-is-a-list", "input", [["a", "b"]]);
    bad("group-is-a-number", "output", [3]);
    bad("resampling-spacing", "processing.resampling.spacing", [[0, 0, 0], [-1, 1, 1], [1, 1], "x", [1e-9, 1e-9, 1e-9]]);
    bad("mask-threshold", "processing.resampling.maskThreshold", [0, 2]);
    bad("resegmentation", "processing.resegmentation.range", [[400, -1000], [1, 2, 3]]);
    bad("texture", "processing.texture.distance", [0, 1.5]);
    bad("ivh", "processing.ivh", ["fbn0", "bogus"]);
    // a tiny bin width: refused when the grey levels are counted (the ROI's range is known only then)
    bad("discretisation-fine", "processing.discretisation", [["fbs0.000000000001"]]);
  }
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
