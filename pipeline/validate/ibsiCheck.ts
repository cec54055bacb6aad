import { existsSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import { extractUnnormalised } from "../../analysis/features/extract.js";
import { CT_CONFIGS, presetSettings } from "../../analysis/ibsi/presets.js";
import { matchReferences, type MatchOutcome, type ReferenceValue } from "../../analysis/ibsi/matchReferences.js";
import { matchesReference } from "../../analysis/ibsi/matchReferences.js";
import { diagnosticValues } from "../../analysis/processing/diagnostics.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { readReferenceValues } from "./ibsiReferenceCsv.js";
import type { CheckResult, ValidationSection } from "./types.js";

/**
 * `deface-impact ibsi-check`: runs the IBSI 1 digital phantom and the CT phantom configurations
 * A–E and compares every computed value with the consensus reference table.
 */

export interface DiagnosticOutcome {
  tag: string;
  value: number | undefined;
  reference: number;
  tolerance: number;
  ok: boolean;
}

export interface ConfigOutcome {
  /** `digital` or A–E. */
  config: string;
  features: MatchOutcome[];
  diagnostics: DiagnosticOutcome[];
  seconds: number;
}

export interface IbsiCheckResult {
  configs: ConfigOutcome[];
  ok: boolean;
}

export const IBSI_CONFIGS = ["digital", ...CT_CONFIGS] as const;

interface IbsiPaths {
  references: string;
  digital: { image: string; mask: string };
  ct: { image: string; mask: string };
}

/** Accepts the IBSI folder itself (laid out as ../shared/data/ibsi) or the data root above it. */
export function ibsiPaths(dir: string): IbsiPaths {
  const root = existsSync(join(dir, "reference_values.csv")) ? dir : join(dir, "ibsi");
  const paths: IbsiPaths = {
    references: join(root, "reference_values.csv"),
    digital: { image: join(root, "digital_phantom", "image.nii.gz"), mask: join(root, "digital_phantom", "mask.nii.gz") },
    ct: { image: join(root, "ct_phantom", "nifti", "image.nii.gz"), mask: join(root, "ct_phantom", "nifti", "mask.nii.gz") },
  };
  if (!existsSync(paths.references)) {
    throw inputError("no reference_values.csv here (expected the IBSI data laid out as reference_values.csv, digital_phantom/, ct_phantom/nifti/)", dir);
  }
  return paths;
}

/** The IBSI manual: NIfTI intensities are converted to floating point and rounded to integers first. */
function readRounded(path: string): Volume {
  const v = readVolume(path);
  const data = new Float32Array(v.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(v.data[i]);
  return { ...v, data };
}

/** Runs one configuration on an image and mask and compares it with its reference rows. */
export function checkConfig(config: string, image: Volume, mask: Mask, references: readonly ReferenceValue[], log: (line: string) => void): ConfigOutcome {
  const started = performance.now();
  const preset = config === "digital" ? "ibsi-digital" : `ibsi-${config}`;
  const settings = presetSettings(preset);
  log(`${config}: image processing (${preset})…`);
  const { prepared, configs } = extractUnnormalised(image, mask, settings, { fullImageDiagnostics: config !== "digital" });
  const { roi, diagnostics } = prepared;
  log(`${config}: features on ${roi.dims.join("x")} voxels`);
  const values = configs.flatMap((c) => c.values);
  const rows = references.filter((r) => r.config === config);
  const features = matchReferences(values, rows.filter((r) => r.aggregationCode !== ""));
  const diag = diagnosticValues(diagnostics);
  const diagnosticsOut = rows
    .filter((r) => r.aggregationCode === "")
    .map((r) => {
      const value = diag.get(r.complianceTag);
      return { tag: r.complianceTag, value, reference: r.value, tolerance: r.tolerance, ok: value !== undefined && matchesReference(value, r.value, r.tolerance) };
    });
  const seconds = (performance.now() - started) / 1000;
  return { config, features, diagnostics: diagnosticsOut, seconds };
}

/** Runs the digital phantom and configurations A–E (or `only` of them) from an IBSI data folder. */
export function runIbsiCheck(dir: string, log: (line: string) => void, only?: readonly string[]): IbsiCheckResult {
  const paths = ibsiPaths(dir);
  const references = readReferenceValues(paths.references);
  const wanted = IBSI_CONFIGS.filter((c) => !only || only.includes(c));
  const configs: ConfigOutcome[] = [];
  if (wanted.includes("digital")) {
    const image = readRounded(paths.digital.image);
    configs.push(checkConfig("digital", image, readMask(paths.digital.mask, image), references, log));
    log(summaryLine(configs[configs.length - 1]));
  }
  const ct = wanted.filter((c) => c !== "digital");
  if (ct.length > 0) {
    log("reading the CT phantom…");
    const image = readRounded(paths.ct.image);
    const mask = readMask(paths.ct.mask, image);
    for (const c of ct) {
      configs.push(checkConfig(c, image, mask, references, log));
      log(summaryLine(configs[configs.length - 1]));
    }
  }
  const ok = configs.every((c) => c.features.every((f) => f.ok) && c.diagnostics.every((d) => d.ok));
  return { configs, ok };
}

const count = <T extends { ok: boolean }>(xs: readonly T[]) => xs.filter((x) => x.ok).length;

export function summaryLine(c: ConfigOutcome): string {
  const diag = c.diagnostics.length ? `, diagnostics ${count(c.diagnostics)}/${c.diagnostics.length}` : "";
  return `${c.config.padEnd(7)} features ${count(c.features)}/${c.features.length} matched${diag} (${c.seconds.toFixed(1)} s)`;
}

const fmt = (x: number | undefined) => (x === undefined ? "not computed" : Number.isInteger(x) ? String(x) : x.toPrecision(6));

/** One line per mismatch: feature, aggregation, value, reference, tolerance. */
export function mismatchLines(c: ConfigOutcome): string[] {
  return c.features
    .filter((f) => !f.ok)
    .map((f) => {
      const r = f.reference;
      return `  ${c.config} ${r.family} / ${r.feature} [${r.aggregationCode}]: value ${fmt(f.value)}, reference ${r.value} ± ${r.tolerance}`;
    });
}

/** The diagnostic values next to their references, one line per tag with a column per configuration. */
export function diagnosticTable(configs: readonly ConfigOutcome[]): string[] {
  const withDiag = configs.filter((c) => c.diagnostics.length > 0);
  if (withDiag.length === 0) return [];
  const tags = [...new Set(withDiag.flatMap((c) => c.diagnostics.map((d) => d.tag)))];
  const lines = [`${"diagnostic".padEnd(32)} ${withDiag.map((c) => `${c.config}: value (reference ± tol)`.padEnd(34)).join(" ")}`];
  for (const tag of tags) {
    const cells = withDiag.map((c) => {
      const d = c.diagnostics.find((x) => x.tag === tag);
      if (!d) return "".padEnd(34);
      const v = d.value === undefined ? "—" : Number.isInteger(d.value) ? String(d.value) : d.value.toFixed(2);
      return `${d.ok ? " " : "✗"}${v} (${d.reference} ± ${d.tolerance})`.padEnd(34);
    });
    lines.push(`${tag.padEnd(32)} ${cells.join(" ")}`);
  }
  return lines;
}

/** The check as a section of `deface-impact validate --data DIR` (DIR laid out as ../shared/data). */
export const ibsiSection: ValidationSection = {
  name: "ibsi",
  async run(dataDir: string, _workDir: string, log: (line: string) => void): Promise<CheckResult[]> {
    const result = runIbsiCheck(dataDir, log);
    const checks: CheckResult[] = [];
    for (const c of result.configs) {
      const bad = mismatchLines(c);
      checks.push({
        name: `IBSI ${c.config === "digital" ? "digital phantom" : `config ${c.config}`} features`,
        ok: bad.length === 0,
        detail: `${count(c.features)}/${c.features.length} reference values matched${bad.length ? `; first mismatches:\n${bad.slice(0, 10).join("\n")}` : ""}`,
      });
      if (c.diagnostics.length) {
        const badDiag = c.diagnostics.filter((d) => !d.ok);
        checks.push({
          name: `IBSI config ${c.config} diagnostics`,
          ok: badDiag.length === 0,
          detail: `${count(c.diagnostics)}/${c.diagnostics.length} matched${badDiag.length ? `; ${badDiag.map((d) => `${d.tag} ${fmt(d.value)} vs ${d.reference} ± ${d.tolerance}`).join("; ")}` : ""}`,
        });
      }
    }
    return checks;
  },
};
