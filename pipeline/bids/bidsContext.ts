import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { inputError, usageError } from "../../analysis/core/errors.js";
import type { Settings } from "../../analysis/settings.js";
import { requireIbsiConventions } from "../settings/requirements.js";
import { checkDerivativesLocation, participantSettingsYaml, sha256 } from "./derivativesDataset.js";
import { checkBidsDataset, type LayoutOptions } from "./layout.js";

/** The command line of `bids`, both levels. */
export interface BidsArgs {
  bidsDir: string;
  outDir: string;
  /** default BIDS_DIR/derivatives/roi. */
  roiDir?: string;
  roiDesc: string;
  /** anatomical suffixes in order of preference. */
  suffixes: string[];
  participants?: string[];
  sessions?: string[];
  skipBidsValidation: boolean;
  force: boolean;
}

export interface BidsContext {
  /** absolute paths. */
  bidsDir: string;
  outDir: string;
  roiDir: string;
  layout: LayoutOptions;
  /** the participant settings as recorded (code/deface-impact_settings.yaml) and their SHA-256. */
  settingsText: string;
  settingsHash: string;
}

/**
 * What both levels check before any work: the settings suit `bids` (IBSI conventions; the built-in
 * defacer, since a face mask or another tool's image is per image, not per dataset), the BIDS
 * dataset passes the structural check, and the output is not among the inputs.
 */
export function bidsContext(settings: Settings, args: BidsArgs, settingsFile?: string): BidsContext {
  requireIbsiConventions(settings, "bids");
  if (settings.defacing.faceMask || settings.defacing.defaced.length) {
    throw usageError("bids defaces every image with the built-in shear defacer: a single face mask or defaced image (defacing.faceMask, defacing.defaced) does not fit a dataset");
  }
  if (settings.defacing.defacer !== "shear") throw usageError("bids needs the built-in defacer: defacing.defacer: shear");
  for (const [label, value] of [["--roi-desc", args.roiDesc], ...args.suffixes.map((s) => ["--suffix", s])]) {
    if (!/^[A-Za-z0-9]+$/.test(value)) throw usageError(`${label} "${value}": a BIDS label holds letters and digits only`);
  }
  const bidsDir = resolve(args.bidsDir);
  const outDir = resolve(args.outDir);
  const roiDir = resolve(args.roiDir ?? join(bidsDir, "derivatives", "roi"));
  if (args.skipBidsValidation) {
    if (!existsSync(bidsDir)) throw inputError("BIDS dataset not found", bidsDir);
  } else {
    checkBidsDataset(bidsDir);
  }
  checkDerivativesLocation(outDir, { bidsDir, roiDir, settingsFile });
  const settingsText = participantSettingsYaml(settings);
  return {
    bidsDir,
    outDir,
    roiDir,
    layout: { bidsDir, roiDir, roiDesc: args.roiDesc, suffixes: args.suffixes, participants: args.participants, sessions: args.sessions },
    settingsText,
    settingsHash: sha256(settingsText),
  };
}
