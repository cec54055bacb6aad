import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import { writeFileAtomic } from "../io/atomicWrite.js";

/**
 * What the participant level did for one participant, written after every image was tried, success
 * or not: OUTPUT_DIR/sub-<l>/log/sub-<l>_status.json. The group level reads it to name the failed
 * images; Snakemake takes it as the participant rule's output. No time stamps: a rerun that skips
 * finished images writes the same bytes.
 */
export interface ImageStatus {
  subject: string;
  /** relative to the BIDS dataset. */
  image: string;
  status: "ok" | "failed";
  /** relative to OUTPUT_DIR, when ok. */
  summary: string | null;
  error: { exit_code: number; message: string } | null;
}

export interface ParticipantStatus {
  tool: "deface-impact";
  participant: string;
  settings_sha256: string;
  status: "ok" | "failed";
  /** why the participant has nothing to analyse (no anatomical image, no such session). */
  problem: string | null;
  images: ImageStatus[];
}

export const statusPath = (outDir: string, participant: string): string => join(outDir, `sub-${participant}`, "log", `sub-${participant}_status.json`);

export function writeStatus(outDir: string, status: ParticipantStatus): void {
  writeFileAtomic(statusPath(outDir, status.participant), JSON.stringify(status, null, 2) + "\n");
}

/** The participant's status, or undefined when the participant level has not finished it. */
export function readStatus(outDir: string, participant: string): ParticipantStatus | undefined {
  const path = statusPath(outDir, participant);
  if (!existsSync(path)) return undefined;
  try {
    const s = JSON.parse(readFileSync(path, "utf8")) as ParticipantStatus;
    if (s.tool === "deface-impact" && Array.isArray(s.images)) return s;
  } catch (err) {
    throw inputError(`not valid JSON (${(err as Error).message}); rerun the participant level for sub-${participant}`, path, err);
  }
  throw inputError(`not a deface-impact participant status; rerun the participant level for sub-${participant}`, path);
}
