import { relative, sep } from "node:path";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import type { Settings } from "../../analysis/settings.js";
import { EXIT_CODES } from "../cli/exit.js";
import { subjectWarnings } from "../compare/cohortOutputs.js";
import { bidsContext, type BidsArgs } from "./bidsContext.js";
import { openDerivatives } from "./derivativesDataset.js";
import { planParticipants, type ParticipantPlan } from "./layout.js";
import { participantUnit } from "./participantUnit.js";
import { writeStatus, type ImageStatus, type ParticipantStatus } from "./participantStatus.js";

export interface BidsHooks {
  threads: number;
  warn: (message: string) => void;
  /** progress lines; `error` lines name a failed image (the run goes on). */
  log?: (line: string) => void;
  error?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** the settings file given (an input: never overwritten). */
  settingsFile?: string;
}

export interface ParticipantLevelResult {
  statuses: ParticipantStatus[];
  analysed: number;
  skipped: number;
  failed: number;
  /** 0 when every image succeeded; else the exit code of the worst failure (3 bad input, 4 internal). */
  exitCode: number;
}

/**
 * `bids BIDS_DIR OUTPUT_DIR participant`: every selected participant's images, one after the other,
 * each defaced, analysed and written as BIDS derivatives. A failed image is recorded in the
 * participant's status file and reported, and the others go on; finished images are skipped
 * unless --force. Participants run in separate processes (Snakemake, SLURM) share OUTPUT_DIR safely:
 * each writes only below its sub-<label>/ folder and the identical dataset_description.json.
 */
export async function executeParticipant(settings: Settings, args: BidsArgs, hooks: BidsHooks): Promise<ParticipantLevelResult> {
  const ctx = bidsContext(settings, args, hooks.settingsFile);
  const plans = planParticipants(ctx.layout);
  openDerivatives(ctx.outDir, { bidsDir: ctx.bidsDir, roiDir: ctx.roiDir, settingsHash: ctx.settingsHash }, ctx.settingsText);

  const result: ParticipantLevelResult = { statuses: [], analysed: 0, skipped: 0, failed: 0, exitCode: 0 };
  // a warning shown once, with the first image it concerns (each image's summary keeps its own warnings)
  const warnings = subjectWarnings(hooks.warn);
  const fail = (err: unknown): { exit_code: number; message: string } => {
    const known = err instanceof DefaceImpactError;
    const exit_code = known ? EXIT_CODES[err.kind] : EXIT_CODES.internal;
    result.exitCode = Math.max(result.exitCode, exit_code);
    result.failed++;
    return { exit_code, message: known ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}` };
  };
  for (const [p, plan] of plans.entries()) {
    const status = await participant(plan, `participant ${plan.participant} (${p + 1}/${plans.length})`);
    writeStatus(ctx.outDir, status);
    result.statuses.push(status);
  }
  return result;

  async function participant(plan: ParticipantPlan, label: string): Promise<ParticipantStatus> {
    const status: ParticipantStatus = {
      tool: "deface-impact",
      participant: plan.participant,
      settings_sha256: ctx.settingsHash,
      status: "ok",
      problem: plan.problem ?? null,
      images: [],
    };
    if (plan.problem) {
      fail(new DefaceImpactError("input", plan.problem));
      hooks.error?.(`sub-${plan.participant}: ${plan.problem}`);
      return { ...status, status: "failed" };
    }
    for (const unit of plan.units) {
      const entry: ImageStatus = { subject: unit.subject, image: unit.imageRel, status: "ok", summary: null, error: null };
      const started = Date.now();
      try {
        hooks.log?.(`${label}: ${unit.subject}: defacing and features`);
        const outcome = await participantUnit(unit, {
          outDir: ctx.outDir,
          bidsDir: ctx.bidsDir,
          roiDir: ctx.roiDir,
          settings,
          settingsHash: ctx.settingsHash,
          threads: hooks.threads,
          force: args.force,
          warn: (m) => warnings.warn(m, unit.subject),
          log: (line) => hooks.log?.(`${label}: ${unit.subject}: ${line}`),
          onProgress: hooks.onProgress,
        });
        entry.summary = relative(ctx.outDir, `${outcome.files.dir}${sep}${outcome.files.summary}`).split(sep).join("/");
        if (outcome.status === "skipped") {
          result.skipped++;
          hooks.log?.(`${label}: ${unit.subject}: finished earlier, skipped (--force analyses it again)`);
        } else {
          result.analysed++;
          hooks.log?.(`${label}: ${unit.subject}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      } catch (err) {
        entry.status = "failed";
        entry.error = fail(err);
        hooks.error?.(`${unit.subject}: ${entry.error.message}`);
      }
      status.images.push(entry);
    }
    if (status.images.some((i) => i.status === "failed")) status.status = "failed";
    return status;
  }
}
