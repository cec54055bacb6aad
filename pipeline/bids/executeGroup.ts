import { dirname, join } from "node:path";
import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import type { Settings } from "../../analysis/settings.js";
import { cohortFiles, cohortReport, subjectWarnings, type TableWriter } from "../compare/cohortOutputs.js";
import type { DetailSubject } from "../compare/compareHtml.js";
import type { CompareReport, ParticipantOutcome, SubjectRecord } from "../compare/compareReport.js";
import { writeOutputDir } from "../report/outputDir.js";
import type { InputRecord } from "../report/provenance.js";
import { toTsv } from "../report/tsv.js";
import { packageVersion } from "../version.js";
import { bidsContext, type BidsArgs } from "./bidsContext.js";
import { bidsColumns, columnSidecar } from "./columnSidecars.js";
import { DESCRIPTION_FILE, readDerivativesDescription, SETTINGS_FILE } from "./derivativesDataset.js";
import type { BidsHooks } from "./executeParticipant.js";
import { planParticipants } from "./layout.js";
import { readStatus } from "./participantStatus.js";
import { appendTableBodies, readFeatureRows, readShiftRows, type StringPool } from "./readTables.js";
import { readUnitSummary, type UnitSummary } from "./unitSummary.js";

/** The group level's tables: BIDS TSV with a JSON sidecar each, in the BIDS column lists (features and shifts keep their units). */
const bidsTables: TableWriter = (name, rows) => [
  [`${name}.tsv`, toTsv(rows, bidsColumns(name))],
  [`${name}.json`, columnSidecar(bidsColumns(name))],
];

export interface GroupResult {
  report: CompareReport;
  /** where the group outputs went (OUTPUT_DIR/group). */
  dir: string;
}

/** Subjects, included or not, as group/subjects.tsv lists them. */
const SUBJECT_COLUMNS = ["participant_id", "session_id", "subject", "image", "status", "detail"] as const;

/**
 * `bids BIDS_DIR OUTPUT_DIR group`: reads what the participant level wrote (each image's summary,
 * features and shifts tables; never an image) and writes into OUTPUT_DIR/group/ what `compare`
 * writes, as BIDS TSV: the tool scorecard, the cohort statistics (ICC, CCC, Bland–Altman), all
 * features and shifts, report.json, report.md and report.html; and subjects.tsv, naming every image
 * left out (failed, missing, made with other settings) and why.
 */
export async function executeGroup(settings: Settings, args: BidsArgs, hooks: BidsHooks): Promise<GroupResult> {
  const ctx = bidsContext(settings, args, hooks.settingsFile);
  const description = readDerivativesDescription(ctx.outDir);
  if (!description) throw inputError(`no participant outputs (${DESCRIPTION_FILE} is missing): run the participant level first`, ctx.outDir);
  const recorded = description.GeneratedBy?.[0];
  if (recorded?.SettingsHash !== `sha256:${ctx.settingsHash}`) {
    throw new DefaceImpactError(
      "usage",
      `the participants ran with other settings (${recorded?.SettingsHash}, in ${SETTINGS_FILE}; these are sha256:${ctx.settingsHash}): pass the group level the same --settings and options`,
      ctx.outDir,
    );
  }
  if (recorded.Version !== packageVersion()) hooks.warn(`the participants ran with deface-impact ${recorded.Version}, this is ${packageVersion()}`);

  const warnings = subjectWarnings(hooks.warn);
  const leftOut: ParticipantOutcome[] = [];
  const subjectLines: Record<(typeof SUBJECT_COLUMNS)[number], string | null>[] = [];
  const included: { summary: UnitSummary; dir: string }[] = [];
  for (const plan of planParticipants(ctx.layout)) {
    const status = readStatus(ctx.outDir, plan.participant);
    const leave = (subject: string | null, s: ParticipantOutcome["status"], reason: string, session: string | null = null, image: string | null = null) => {
      leftOut.push({ participant: plan.participant, subject, status: s, reason });
      subjectLines.push({ participant_id: `sub-${plan.participant}`, session_id: session === null ? null : `ses-${session}`, subject, image, status: s, detail: reason });
    };
    if (!status) {
      leave(null, "missing", "no participant output: the participant level has not run for it, or has not finished");
      continue;
    }
    if (status.problem) {
      leave(null, "failed", status.problem);
      continue;
    }
    for (const unit of plan.units) {
      const entry = status.images.find((i) => i.subject === unit.subject);
      const session = unit.session;
      if (!entry) leave(unit.subject, "missing", "not in the participant's status: rerun the participant level for it", session, unit.imageRel);
      else if (entry.status === "failed") leave(unit.subject, "failed", entry.error?.message ?? "failed", session, unit.imageRel);
      else {
        const summary = readUnitSummary(join(ctx.outDir, entry.summary!));
        if (summary.settings_sha256 !== ctx.settingsHash) leave(unit.subject, "stale", "made with other settings: rerun the participant level with --force", session, unit.imageRel);
        else {
          included.push({ summary, dir: dirname(join(ctx.outDir, entry.summary!)) });
          subjectLines.push({ participant_id: `sub-${plan.participant}`, session_id: session === null ? null : `ses-${session}`, subject: unit.subject, image: unit.imageRel, status: "included", detail: null });
        }
      }
    }
  }
  // named in report.md's and report.html's warnings too
  for (const l of leftOut) warnings.warn(`left out ${l.subject ?? `sub-${l.participant}`} (${l.status}): ${l.reason}`);
  if (included.length === 0) throw inputError(`no image has finished participant outputs (${leftOut.length} left out; see the warnings)`, ctx.outDir);

  // the shift rows feed the scorecard and the statistics; the feature rows of all but the detail
  // subject are never held: the group's features.tsv and shifts.tsv are the participants' files joined
  const strings: StringPool = new Map();
  const shifts: ShiftRow[] = [];
  const subjects: SubjectRecord[] = [];
  const inputs: { subject: string; files: InputRecord[] }[] = [];
  const tools: string[] = [];
  const tables = { features: [] as string[], shifts: [] as string[] };
  let detail: DetailSubject | undefined;
  for (const [n, { summary, dir }] of included.entries()) {
    hooks.log?.(`reading ${n + 1}/${included.length} ${summary.record.subject}`);
    tables.features.push(join(dir, summary.files.features));
    tables.shifts.push(join(dir, summary.files.shifts));
    const s = readShiftRows(join(dir, summary.files.shifts), strings);
    for (const row of s) shifts.push(row);
    subjects.push(summary.record);
    inputs.push({ subject: summary.record.subject, files: summary.inputs });
    for (const c of summary.record.conditions) if (!tools.includes(c.name)) tools.push(c.name);
    for (const w of summary.record.warnings) warnings.warn(w, summary.record.subject);
    if (detail) continue;
    const f = readFeatureRows(join(dir, summary.files.features), strings);
    detail = {
      record: summary.record,
      affine: summary.affine,
      histograms: summary.histograms,
      result: { subject: summary.record.subject, roiVoxels: summary.record.roi_voxels, box: summary.box, features: f, shifts: s, maps: summary.record.maps, roiOverlap: summary.roi_overlap, greyLevels: summary.grey_levels ?? [] },
      inputs: summary.inputs,
    };
  }

  const { output: _output, ...rest } = settings;
  const report = cohortReport(
    {
      command: "bids group",
      settings: { ...rest, output: { force: false, renders: false } },
      inputs: { bids: { bids_dir: ctx.bidsDir }, subjects: inputs },
      tools,
      normalisations: included[0].summary.normalisations,
      subjects,
      left_out: leftOut,
      warnings: warnings.list(),
    },
    shifts,
    "the derivatives hold",
    hooks.warn,
  );
  const dir = join(ctx.outDir, "group");
  const files = await cohortFiles(report, undefined, detail!, bidsTables);
  await writeOutputDir(dir, { command: "bids group", inputs: [ctx.roiDir, hooks.settingsFile], force: args.force }, (out) => {
    for (const [name, content] of files) out.write(name, content);
    for (const name of ["features", "shifts"] as const) {
      appendTableBodies(out.path(`${name}.tsv`), tables[name], bidsColumns(name));
      out.write(`${name}.json`, columnSidecar(bidsColumns(name)));
    }
    out.write("subjects.tsv", toTsv(subjectLines, SUBJECT_COLUMNS));
    out.write("subjects.json", columnSidecar(SUBJECT_COLUMNS));
  });
  return { report, dir };
}
