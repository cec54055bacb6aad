import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derivativesProblems } from "../../../pipeline/bids/checkDerivatives.js";
import { entity, entityOrderProblem, parseBidsName } from "../../../pipeline/bids/entities.js";
import { BROKEN_PARTICIPANT, PHANTOM_DATASET_IMAGES, writePhantomBidsDataset } from "../../../pipeline/bids/phantomDataset.js";
import { parseCsv } from "../../../pipeline/validate/ibsiReferenceCsv.js";
import { projectRoot } from "../../../pipeline/version.js";

/** The built CLI, as a user (or Snakemake) runs it. */
const cli = (args: string[], cwd?: string) =>
  spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8", cwd });

/** Every file below a folder, relative, with its SHA-256. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out[relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  visit(dir);
  return out;
}

/** A CSV (compare) or TSV (bids) table as records; missing values ("", NaN, n/a) as "". */
function table(path: string): { columns: string[]; rows: Record<string, string>[] } {
  const tsv = path.endsWith(".tsv");
  const [header, ...lines] = readFileSync(path, "utf8").trimEnd().split("\n");
  const split = (line: string) => (tsv ? line.split("\t") : parseCsv(line)[0]);
  const columns = split(header);
  const missing = (v: string) => (v === "n/a" || v === "NaN" ? "" : v);
  return { columns, rows: lines.map((l) => Object.fromEntries(split(l).map((v, i) => [columns[i], missing(v)]))) };
}
describe("deface-impact bids (BIDS App on a phantom dataset: 3 participants, one with two sessions, one broken)", () => {
  const dir = mkdtempSync(join(tmpdir(), "bids-app-"));
  const ds = join(dir, "ds");
  const out = join(dir, "out");
  const settings = join(dir, "study.yaml");
  // fewer normalisations than the default keep the test fast; the settings file is recorded and hashed
  const common = ["--settings", settings, "--threads", "1", "--quiet"];
  const good = PHANTOM_DATASET_IMAGES.filter(([p]) => p !== BROKEN_PARTICIPANT).map(([p, s]) => `sub-${p}${s ? `_ses-${s}` : ""}`);
  const runs: Record<string, ReturnType<typeof cli>> = {};

  beforeAll(() => {
    writePhantomBidsDataset(ds);
    writeFileSync(settings, "normalisation:\n  methods: [none, zscore-global, zscore-unmasked]\n");
    // one process per participant, as Snakemake or SLURM run them
    for (const p of ["01", "02", BROKEN_PARTICIPANT]) runs[p] = cli(["bids", ds, out, "participant", "--participant-label", p, ...common]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("analyses each participant; the broken one fails with a one-line error naming its image, and exits 3", () => {
    expect(runs["01"].status, runs["01"].stderr).toBe(0);
    expect(runs["01"].stdout).toMatch(/1 image analysed, 0 skipped \(finished earlier\), 0 failed/);
    expect(runs["02"].status, runs["02"].stderr).toBe(0);
    expect(runs["02"].stdout).toMatch(/2 images analysed/);
    // the same warning for both images is shown once, with the first
    expect(runs["02"].stderr.match(/no brain mask given/g)).toHaveLength(1);
    expect(runs["02"].stderr).toMatch(/warning: sub-02_ses-1: no brain mask given/);
    const broken = runs[BROKEN_PARTICIPANT];
    expect(broken.status).toBe(3);
    expect(broken.stderr).toMatch(/deface-impact: error: sub-03: .*sub-03_T1w\.nii\.gz: corrupt or truncated gzip/);
    expect(broken.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const status = JSON.parse(readFileSync(join(out, "sub-03", "log", "sub-03_status.json"), "utf8"));
    expect(status).toMatchObject({ participant: "03", status: "failed", images: [{ subject: "sub-03", status: "failed", summary: null, error: { exit_code: 3 } }] });
    expect(existsSync(join(out, "sub-03", "anat"))).toBe(false);
  });

  it("writes a BIDS derivatives dataset: description, sidecars, entity order", () => {
    const description = JSON.parse(readFileSync(join(out, "dataset_description.json"), "utf8"));
    expect(description).toMatchObject({ DatasetType: "derivative", BIDSVersion: expect.any(String), GeneratedBy: [{ Name: "deface-impact", Version: expect.any(String) }] });
    // the recorded settings are the ones hashed, and read back they give the same hash (a rerun is recognised)
    const recorded = readFileSync(join(out, "code", "deface-impact_settings.yaml"), "utf8");
    expect(recorded).toMatch(/zscore-unmasked/);
    expect(description.GeneratedBy[0].SettingsHash).toBe(`sha256:${createHash("sha256").update(recorded).digest("hex")}`);

    // what BIDS has no name for is listed in .bidsignore: the status files, the summaries, the group outputs
    expect(readFileSync(join(out, ".bidsignore"), "utf8").split("\n")).toEqual(["sub-*/log/", "*_desc-radiomics_summary.json", "group/", ""]);
    expect(derivativesProblems(out)).toEqual([]);
    const files = Object.keys(tree(out)).filter((f) => f.startsWith("sub-") && !f.includes("/log/"));
    expect(files.length).toBe(good.length * 9);
    for (const f of files) {
      const parts = f.split("/");
      const name = parseBidsName(parts[parts.length - 1])!;
      expect(name, f).toBeDefined();
      expect(entityOrderProblem(name.entities), f).toBeUndefined();
      // the entities agree with the folders: sub-<l>/[ses-<l>/]anat/
      expect(`sub-${entity(name.entities, "sub")}`).toBe(parts[0]);
      if (parts.length === 4) expect(`ses-${entity(name.entities, "ses")}`).toBe(parts[1]);
      expect(parts[parts.length - 2]).toBe("anat");
      if (name.extension === ".nii.gz" || name.extension === ".tsv") expect(files, `sidecar of ${f}`).toContain(f.replace(/\.(nii\.gz|tsv)$/, ".json"));
    }
    for (const subject of good) {
      const folder = `${subject.replace("_", "/")}/anat`; // sub-02_ses-1 → sub-02/ses-1/anat
      for (const suffix of ["desc-defaced_T1w.nii.gz", "desc-face_mask.nii.gz", "desc-radiomics_features.tsv", "desc-radiomics_shifts.tsv"]) {
        expect(files).toContain(`${folder}/${subject}_${suffix}`);
      }
      // every column of the tables is described, with units where they are fixed
      for (const t of ["features", "shifts"]) {
        const tsv = table(join(out, folder, `${subject}_desc-radiomics_${t}.tsv`));
        const sidecar = JSON.parse(readFileSync(join(out, folder, `${subject}_desc-radiomics_${t}.json`), "utf8"));
        expect(Object.keys(sidecar)).toEqual(tsv.columns);
        for (const c of tsv.columns) expect(sidecar[c].Description.length, c).toBeGreaterThan(10);
        expect(new Set(tsv.rows.map((r) => r.subject))).toEqual(new Set([subject]));
        expect(tsv.rows.find((r) => r.ibsi_code === "YEKZ")!.units).toBe("mm^3");
      }
      const mask = JSON.parse(readFileSync(join(out, folder, `${subject}_desc-face_mask.json`), "utf8"));
      expect(mask).toMatchObject({ Type: "Face", Sources: [expect.stringMatching(/^bids:raw:sub-.*_T1w\.nii\.gz$/)] });
      expect(JSON.parse(readFileSync(join(out, folder, `${subject}_desc-defaced_T1w.json`), "utf8"))).toMatchObject({ SkullStripped: false, Condition: "shear-min" });
    }
  });

  it("skips finished images on a rerun and writes the same bytes; --force analyses them again, with the same result", () => {
    const before = tree(out);
    const mtime = statSync(join(out, "sub-01", "anat", "sub-01_desc-radiomics_features.tsv")).mtimeMs;
    const again = cli(["bids", ds, out, "participant", "--participant-label", "01", "02", ...common]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 images analysed, 3 skipped/);
    expect(statSync(join(out, "sub-01", "anat", "sub-01_desc-radiomics_features.tsv")).mtimeMs).toBe(mtime);
    const forced = cli(["bids", ds, out, "participant", "--participant-label", "01", "--force", ...common]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/1 image analysed, 0 skipped/);
    expect(tree(out)).toEqual(before);
  });

  it("refuses other settings in the same derivatives, and an output inside the dataset (outside derivatives/), before any work", () => {
    const other = cli(["bids", ds, out, "participant", "--participant-label", "01", "--threads", "1", "--quiet"]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/OUTPUT_DIR was written with other settings \(sha256:[0-9a-f]{64}/);
    const inside = cli(["bids", ds, join(ds, "sub-01", "out"), "participant", ...common]);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toMatch(/lies inside the input folder/);
    const unknown = cli(["bids", ds, out, "participant", "--participant-label", "07", ...common]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/participant 07 not in the BIDS dataset .* \(it has 01, 02, 03\)/);
  });

  it("estimates each participant's memory from the image headers", () => {
    const r = cli(["bids", ds, out, "participant", "--estimate-memory", "--settings", settings, "--threads", "2"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => l.split("\t"));
    expect(lines[0]).toEqual(["participant_label", "images", "max_voxels", "threads", "mem_mb", "problem"]);
    expect(lines.slice(1).map((l) => [l[0], l[1], l[2], l[3]])).toEqual([
      ["01", "1", String(64 ** 3), "2"],
      ["02", "2", String(64 ** 3), "2"],
      ["03", "1", String(64 ** 3), "2"],
    ]);
    // the estimate covers the peak memory the participant jobs above reported (they ran with one thread)
    const peak = (run: ReturnType<typeof cli>) => Number(/peak memory (\d+) MB/.exec(run.stdout)![1]);
    expect(Number(lines[1][4])).toBeGreaterThanOrEqual(peak(runs["01"]));
    expect(Number(lines[2][4])).toBeGreaterThanOrEqual(peak(runs["02"]));
  });

  it("group: the cohort outputs, equal to compare on the same images; the broken participant is named", () => {
    const group = cli(["bids", ds, out, "group", ...common]);
    expect(group.status, group.stderr).toBe(0);
    expect(group.stderr).toMatch(/left out sub-03 \(failed\): .*corrupt or truncated gzip/);
    const g = join(out, "group");
    for (const f of ["cohort_stats.tsv", "scorecard.tsv", "features.tsv", "shifts.tsv", "subjects.tsv", "report.json", "report.md", "report.html"]) expect(existsSync(join(g, f)), f).toBe(true);
    const subjects = table(join(g, "subjects.tsv")).rows;
    expect(subjects.map((s) => [s.subject, s.status])).toEqual([...good.map((s) => [s, "included"]), ["sub-03", "failed"]]);
    expect(readFileSync(join(g, "report.md"), "utf8")).toMatch(/\| 03 \| sub-03 \| failed \| .*corrupt or truncated gzip/);
    expect(readFileSync(join(g, "report.html"), "utf8")).toMatch(/left out sub-03 \(failed\)/);

    // compare on a manifest of the same three images, the same settings and the built-in shear defacer
    const manifest = join(dir, "cohort.csv");
    const lines = ["subject,image,roi,shear-min"];
    for (const [p, s] of PHANTOM_DATASET_IMAGES.filter(([p]) => p !== BROKEN_PARTICIPANT)) {
      const stem = `sub-${p}${s ? `_ses-${s}` : ""}`;
      const folder = `sub-${p}/${s ? `ses-${s}/` : ""}anat`;
      lines.push(`${stem},ds/${folder}/${stem}_T1w.nii.gz,ds/derivatives/roi/${folder}/${stem}_desc-roi_mask.nii.gz,builtin:shear:min`);
    }
    writeFileSync(manifest, lines.join("\n") + "\n");
    const compare = cli(["compare", "--manifest", manifest, "--out", join(dir, "compare"), ...common]);
    expect(compare.status, compare.stderr).toBe(0);
    for (const name of ["cohort_stats", "scorecard", "features", "shifts"]) {
      const a = table(join(dir, "compare", `${name}.csv`));
      const b = table(join(g, `${name}.tsv`));
      expect(b.columns.slice(0, a.columns.length), name).toEqual(a.columns);
      expect(b.rows.map((r) => Object.fromEntries(a.columns.map((c) => [c, r[c]]))), name).toEqual(a.rows);
      expect(a.rows.length, name).toBeGreaterThan(name === "scorecard" ? 2 : 100);
    }
    const report = JSON.parse(readFileSync(join(g, "report.json"), "utf8"));
    const compared = JSON.parse(readFileSync(join(dir, "compare", "report.json"), "utf8"));
    expect(report.command).toBe("bids group");
    expect(report.cohort).toEqual(compared.cohort);
    expect(report.scorecard).toEqual(compared.scorecard);
  });

  it("group: a participant without outputs is named missing; under 3 images it says why there are no statistics", () => {
    rmSync(join(out, "sub-01", "log", "sub-01_status.json"));
    const group = cli(["bids", ds, out, "group", ...common]);
    expect(group.status, group.stderr).toBe(0);
    expect(group.stderr).toMatch(/left out sub-01 \(missing\): no participant output/);
    expect(group.stderr).toMatch(/no cohort statistics: the derivatives hold 2 subjects/);
    const subjects = table(join(out, "group", "subjects.tsv")).rows;
    expect(subjects.map((s) => [s.participant_id, s.status])).toEqual([
      ["sub-01", "missing"],
      ["sub-02", "included"],
      ["sub-02", "included"],
      ["sub-03", "failed"],
    ]);
  });
});
