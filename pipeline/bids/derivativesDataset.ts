import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";
import type { Settings } from "../../analysis/settings.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { realPath, refuseOutputOverInputs, within } from "../report/outputGuard.js";
import { settingsYaml } from "../settings/settingsYaml.js";
import { packageVersion } from "../version.js";

/**
 * The BIDS derivatives dataset that `bids` writes into OUT_DIR: dataset_description.json
 * (DatasetType derivative; GeneratedBy: name, version and the SHA-256 of the settings), the
 * settings themselves in code/, and a .bidsignore for the files BIDS has no name for. Every participant run writes the same bytes or checks them, so
 * participants run in parallel (Snakemake, SLURM) never mix versions or settings in one dataset.
 */

export const DESCRIPTION_FILE = "dataset_description.json";
export const SETTINGS_FILE = "code/deface-impact_settings.yaml";
/** What a BIDS validator should not judge: the participants' status files, the summaries the group level reads, the group outputs. */
export const BIDSIGNORE = ["sub-*/log/", "*_desc-radiomics_summary.json", "group/"].join("\n") + "\n";
export const BIDS_VERSION = "1.10.0";

/**
 * The settings that decide the participants' outputs, as YAML a --settings file reads back: all but
 * the per-image inputs, the output folder and the cohort statistics (set at the group level).
 */
export function participantSettingsYaml(settings: Settings): string {
  const { input, output: _output, cohort: _cohort, ...rest } = settings;
  const kept = { input: { modality: input.modality, ...(input.roiLabel !== undefined ? { roiLabel: input.roiLabel } : {}) }, ...rest };
  return settingsYaml(kept as Settings);
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export interface DerivativesIdentity {
  bidsDir: string;
  roiDir: string;
  settingsHash: string;
}

/** dataset_description.json of the derivatives: no time stamp or output path, so every participant run writes the same bytes. */
export function datasetDescription(id: DerivativesIdentity): string {
  const description = {
    Name: "deface-impact: defaced images and the radiomic feature shifts defacing caused",
    BIDSVersion: BIDS_VERSION,
    DatasetType: "derivative",
    GeneratedBy: [
      {
        Name: "deface-impact",
        Version: packageVersion(),
        Description: `faces removed by the built-in shear defacer; IBSI radiomic features in the ROI before and after; settings in ${SETTINGS_FILE}`,
        SettingsHash: `sha256:${id.settingsHash}`,
      },
    ],
    SourceDatasets: [{ URL: pathToFileURL(id.bidsDir).href }],
    DatasetLinks: { raw: pathToFileURL(id.bidsDir).href, roi: pathToFileURL(id.roiDir).href },
  };
  return JSON.stringify(description, null, 2) + "\n";
}

interface ReadDescription {
  GeneratedBy?: { Name?: string; Version?: string; SettingsHash?: string }[];
  DatasetLinks?: Record<string, string>;
}

/** The derivatives' dataset_description.json when it is ours (GeneratedBy deface-impact); undefined when absent. */
export function readDerivativesDescription(outDir: string): ReadDescription | undefined {
  const path = join(outDir, DESCRIPTION_FILE);
  if (!existsSync(path)) return undefined;
  let d: ReadDescription;
  try {
    d = JSON.parse(readFileSync(path, "utf8")) as ReadDescription;
  } catch (err) {
    throw inputError(`not valid JSON (${(err as Error).message})`, path, err);
  }
  if (d?.GeneratedBy?.[0]?.Name !== "deface-impact") {
    throw new DefaceImpactError("usage", "OUTPUT_DIR is a derivatives dataset of another pipeline (GeneratedBy is not deface-impact): choose another output folder", outDir);
  }
  return d;
}

/**
 * Creates the derivatives dataset, or checks that an existing one was made by this version with
 * these settings and inputs (a mismatch is a usage error saying what differs: mixing them in one
 * dataset would make the group statistics meaningless).
 */
export function openDerivatives(outDir: string, id: DerivativesIdentity, settingsText: string): void {
  const wanted = datasetDescription(id);
  const existing = readDerivativesDescription(outDir);
  if (existing) {
    const text = readFileSync(join(outDir, DESCRIPTION_FILE), "utf8");
    if (text !== wanted) throw new DefaceImpactError("usage", describeMismatch(existing, JSON.parse(wanted) as ReadDescription), outDir);
  } else {
    // sub-<label>/ folders may come first: Snakemake creates its jobs' output folders before they run
    const others = existsSync(outDir) ? readdirSync(outDir).filter((n) => !n.startsWith(".") && !/^sub-[A-Za-z0-9]+$/.test(n)) : [];
    if (others.length) {
      throw new DefaceImpactError(
        "usage",
        `OUTPUT_DIR holds ${others.length} file${others.length === 1 ? "" : "s"} and no ${DESCRIPTION_FILE}: it is not a deface-impact derivatives dataset; choose a new or empty folder`,
        outDir,
      );
    }
    writeFileAtomic(join(outDir, DESCRIPTION_FILE), wanted);
  }
  if (!existsSync(join(outDir, ".bidsignore"))) writeFileAtomic(join(outDir, ".bidsignore"), BIDSIGNORE);
  if (!existsSync(join(outDir, SETTINGS_FILE))) writeFileAtomic(join(outDir, SETTINGS_FILE), settingsText);
}

function describeMismatch(have: ReadDescription, want: ReadDescription): string {
  const a = have.GeneratedBy?.[0] ?? {};
  const b = want.GeneratedBy![0];
  if (a.Version !== b.Version) return `OUTPUT_DIR was written by deface-impact ${a.Version}, this is ${b.Version}: write into a new output folder`;
  if (a.SettingsHash !== b.SettingsHash) {
    return `OUTPUT_DIR was written with other settings (${a.SettingsHash}, recorded in ${SETTINGS_FILE}; these are ${b.SettingsHash}): give every level the same --settings and options, or write into a new output folder`;
  }
  if (JSON.stringify(have.DatasetLinks) !== JSON.stringify(want.DatasetLinks)) {
    return `OUTPUT_DIR was written from another BIDS dataset or ROI folder (${Object.values(have.DatasetLinks ?? {}).join(", ")}): write into a new output folder`;
  }
  return `OUTPUT_DIR's ${DESCRIPTION_FILE} differs from the one this run writes: write into a new output folder`;
}

/**
 * The derivatives may not be, hold or lie inside the inputs: the BIDS dataset (except its
 * derivatives/ folder, where BIDS Apps conventionally write), the ROI folder, the settings file.
 */
export function checkDerivativesLocation(outDir: string, inputs: { bidsDir: string; roiDir: string; settingsFile?: string }): void {
  const insideDerivatives = within(realPath(outDir), realPath(join(inputs.bidsDir, "derivatives"))) && realPath(outDir) !== realPath(join(inputs.bidsDir, "derivatives"));
  refuseOutputOverInputs(outDir, {
    command: "bids",
    inputs: [...(insideDerivatives ? [] : [inputs.bidsDir]), inputs.roiDir, inputs.settingsFile],
  });
}
