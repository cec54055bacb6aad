import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { bidsName, entityOrderProblem, parseBidsName, withEntity } from "../../../pipeline/bids/entities.js";
import { checkBidsDataset, planParticipants } from "../../../pipeline/bids/layout.js";
import { writePhantomBidsDataset } from "../../../pipeline/bids/phantomDataset.js";
import { appendTableBodies } from "../../../pipeline/bids/readTables.js";
import { derivativesProblems } from "../../../pipeline/bids/checkDerivatives.js";
import { readTsv, toTsv, tsvNumber } from "../../../pipeline/report/tsv.js";

describe("BIDS file names", () => {
  it("parses entities, suffix and extension; rejects what is not a BIDS name", () => {
    expect(parseBidsName("sub-01_ses-1_acq-mprage_run-2_T1w.nii.gz")).toEqual({
      entities: [["sub", "01"], ["ses", "1"], ["acq", "mprage"], ["run", "2"]],
      suffix: "T1w",
      extension: ".nii.gz",
    });
    expect(parseBidsName("sub-01_T1w")).toBeUndefined();
    expect(parseBidsName("sub-01_ses-1_x_T1w.nii.gz")).toBeUndefined();
    expect(parseBidsName("sub-0_1_T1w.nii.gz")).toBeUndefined();
  });

  it("checks the specification's entity order and inserts desc at its place", () => {
    expect(entityOrderProblem([["sub", "01"], ["ses", "1"], ["run", "1"], ["desc", "x"]])).toBeUndefined();
    expect(entityOrderProblem([["ses", "1"], ["sub", "01"]])).toMatch(/entity "sub" out of order/);
    expect(entityOrderProblem([["sub", "01"], ["foo", "1"]])).toMatch(/unknown entity "foo"/);
    const e = withEntity([["sub", "01"], ["run", "2"]], "acq", "fast");
    expect(bidsName(withEntity(e, "desc", "defaced"), "T1w", ".nii.gz")).toBe("sub-01_acq-fast_run-2_desc-defaced_T1w.nii.gz");
    expect(bidsName(withEntity([["sub", "01"], ["desc", "old"]], "desc", "new"), "mask", ".nii.gz")).toBe("sub-01_desc-new_mask.nii.gz");
  });
});

describe("planParticipants: images and their ROI masks, from file names alone", () => {
  const dir = mkdtempSync(join(tmpdir(), "bids-layout-"));
  const bids = join(dir, "ds");
  const roi = join(bids, "derivatives", "roi");
  const touch = (...parts: string[]) => {
    const p = join(...parts);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, "");
  };
  touch(bids, "dataset_description.json");
  writeFileSync(join(bids, "dataset_description.json"), JSON.stringify({ Name: "t", BIDSVersion: "1.10.0" }));
  // sub-01: two runs; one mask per run beats the mask without run
  touch(bids, "sub-01/anat/sub-01_run-1_T1w.nii.gz");
  touch(bids, "sub-01/anat/sub-01_run-2_T1w.nii.gz");
  touch(bids, "sub-01/anat/sub-01_T2w.nii.gz");
  touch(roi, "sub-01/anat/sub-01_desc-roi_mask.nii.gz");
  touch(roi, "sub-01/anat/sub-01_run-2_space-orig_desc-roi_mask.nii.gz");
  touch(roi, "sub-01/anat/sub-01_run-2_desc-tumour_mask.nii.gz");
  // sub-02: sessions; ses-2 has only a T2w; ses-1 has two masks that tie
  touch(bids, "sub-02/ses-1/anat/sub-02_ses-1_T1w.nii");
  touch(roi, "sub-02/ses-1/anat/sub-02_ses-1_label-a_desc-roi_mask.nii.gz");
  touch(roi, "sub-02/ses-1/anat/sub-02_ses-1_label-b_desc-roi_mask.nii.gz");
  touch(bids, "sub-02/ses-2/anat/sub-02_ses-2_T2w.nii.gz");
  // sub-03: no anatomical image
  touch(bids, "sub-03/func/sub-03_task-rest_bold.nii.gz");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = { bidsDir: bids, roiDir: roi, roiDesc: "roi", suffixes: ["T1w", "T2w", "CT"] };

  it("prefers the first suffix, matches the most specific mask, names ambiguous and missing ROIs", () => {
    const plans = planParticipants(options);
    expect(plans.map((p) => p.participant)).toEqual(["01", "02", "03"]);
    const [p1, p2, p3] = plans;
    expect(p1.units.map((u) => [u.subject, u.roi?.slice(roi.length + 1), u.problem])).toEqual([
      ["sub-01_run-1", "sub-01/anat/sub-01_desc-roi_mask.nii.gz", undefined],
      ["sub-01_run-2", "sub-01/anat/sub-01_run-2_space-orig_desc-roi_mask.nii.gz", undefined],
    ]);
    expect(p2.units.map((u) => [u.subject, u.suffix, u.session])).toEqual([
      ["sub-02_ses-1", "T1w", "1"],
      ["sub-02_ses-2", "T2w", "2"],
    ]);
    expect(p2.units[0].problem).toMatch(/ambiguous ROI: sub-02_ses-1_label-a_desc-roi_mask\.nii\.gz and sub-02_ses-1_label-b_desc-roi_mask\.nii\.gz/);
    expect(p2.units[1].problem).toMatch(/no ROI: no sub-02_ses-2\[_…\]_desc-roi_mask\.nii\[\.gz\]/);
    expect(p3.units).toEqual([]);
    expect(p3.problem).toMatch(/no anatomical image/);
  });

  it("filters participants (with or without sub-) and sessions; an unknown label is a usage error", () => {
    expect(planParticipants({ ...options, participants: ["sub-02", "02"], sessions: ["2"] }).map((p) => p.units.map((u) => u.subject))).toEqual([["sub-02_ses-2"]]);
    expect(planParticipants({ ...options, roiDesc: "tumour", participants: ["01"] })[0].units.map((u) => !!u.roi)).toEqual([false, true]);
    expect(() => planParticipants({ ...options, participants: ["09"] })).toThrow(/participant 09 not in the BIDS dataset/);
  });

  it("the structural check names what is missing", () => {
    expect(() => checkBidsDataset(bids)).not.toThrow();
    expect(() => checkBidsDataset(join(dir, "nope"))).toThrow(/BIDS dataset not found/);
    expect(() => checkBidsDataset(roi)).toThrow(/dataset_description\.json is missing/);
  });
});

describe("BIDS TSV", () => {
  it("writes n/a for missing values and NaN, and reads numbers back to the same doubles", () => {
    const dir = mkdtempSync(join(tmpdir(), "bids-tsv-"));
    const rows = [
      { a: "x", b: 0.1 + 0.2, c: null },
      { a: "y", b: NaN, c: -Infinity },
    ];
    const path = join(dir, "t.tsv");
    writeFileSync(path, toTsv(rows, ["a", "b", "c"]));
    expect(readFileSync(path, "utf8")).toBe("a\tb\tc\nx\t0.30000000000000004\tn/a\ny\tn/a\t-inf\n");
    const back = readTsv(path);
    expect(tsvNumber(back.rows[0].b)).toBe(0.1 + 0.2);
    expect(tsvNumber(back.rows[1].c)).toBe(-Infinity);
    expect(Number.isNaN(tsvNumber(back.rows[1].b))).toBe(true);
    writeFileSync(path, "a\tb\n1\n");
    expect(() => readTsv(path)).toThrow(/t\.tsv: line 2: 1 cells, the header has 2/);
    expect(() => toTsv([{ a: "tab\there" }], ["a"])).toThrow(/tab or line break/);
    // read through the readers' bounded text reader: a missing or binary file is named, not a stack trace
    expect(() => readTsv(join(dir, "missing.tsv"))).toThrow(/missing\.tsv: file not found/);
    writeFileSync(path, new Uint8Array([0x61, 0x00, 0x0a]));
    expect(() => readTsv(path)).toThrow(/t\.tsv: the table holds NUL bytes/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("appendTableBodies (the group's features.tsv and shifts.tsv)", () => {
  it("joins the participants' rows under one header, and refuses a table with other columns, naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "bids-join-"));
    try {
      const one = join(dir, "one.tsv"), two = join(dir, "two.tsv"), bad = join(dir, "bad.tsv"), target = join(dir, "all.tsv");
      writeFileSync(one, toTsv([{ a: "x", b: 1 }], ["a", "b"]));
      writeFileSync(two, toTsv([{ a: "y", b: 2 }, { a: "z", b: NaN }], ["a", "b"]));
      writeFileSync(bad, toTsv([{ b: 3, a: "w" }], ["b", "a"]));
      appendTableBodies(target, [one, two], ["a", "b"]);
      expect(readFileSync(target, "utf8")).toBe(toTsv([{ a: "x", b: 1 }, { a: "y", b: 2 }, { a: "z", b: NaN }], ["a", "b"]));
      expect(() => appendTableBodies(target, [one, bad], ["a", "b"])).toThrow(/bad\.tsv: not a deface-impact table: the header is not a, b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the phantom BIDS dataset (scripts/phantom-bids.mjs)", () => {
  it("adds healthy participants after the broken sub-03, each with its ROI, for measuring larger cohorts", () => {
    const dir = mkdtempSync(join(tmpdir(), "bids-phantom-"));
    try {
      writePhantomBidsDataset(dir, { dims: [24, 24, 24], spacing: [8, 8, 8], extraParticipants: 2 });
      const plans = planParticipants({ bidsDir: dir, roiDir: join(dir, "derivatives", "roi"), roiDesc: "roi", suffixes: ["T1w"] });
      expect(plans.map((p) => [p.participant, p.units.map((u) => u.subject), p.problem ?? null])).toEqual([
        ["01", ["sub-01"], null],
        ["02", ["sub-02_ses-1", "sub-02_ses-2"], null],
        ["03", ["sub-03"], null],
        ["04", ["sub-04"], null],
        ["05", ["sub-05"], null],
      ]);
      expect(readFileSync(join(dir, "participants.tsv"), "utf8")).toBe("participant_id\nsub-01\nsub-02\nsub-03\nsub-04\nsub-05\n");
      // only sub-03 is broken: the others are whole gzip streams
      for (const p of ["01", "04", "05"]) expect(() => gunzipSync(readFileSync(join(dir, `sub-${p}`, "anat", `sub-${p}_T1w.nii.gz`)))).not.toThrow();
      expect(() => gunzipSync(readFileSync(join(dir, "sub-03", "anat", "sub-03_T1w.nii.gz")))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("derivativesProblems (the structural check of the derivatives)", () => {
  it("names every file that breaks the layout, and judges nothing BIDS has no name for", () => {
    const dir = mkdtempSync(join(tmpdir(), "bids-check-"));
    const put = (rel: string, text = "") => {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };
    try {
      expect(derivativesProblems(dir)).toEqual(["dataset_description.json: missing"]);
      put("dataset_description.json", JSON.stringify({ Name: "x", BIDSVersion: "1.10.0", DatasetType: "raw" }));
      put("sub-01/anat/sub-01_desc-defaced_T1w.nii.gz");
      put("sub-01/anat/sub-01_desc-defaced_T1w.json", "{}");
      put("sub-01/anat/sub-01_desc-face_mask.nii.gz"); // no sidecar
      put("sub-01/anat/sub-01_desc-radiomics_features.tsv", "a\tb\n1\t2\n");
      put("sub-01/anat/sub-01_desc-radiomics_features.json", JSON.stringify({ a: {} }));
      put("sub-01/anat/sub-02_T1w.json", "{}"); // another participant's file
      put("sub-01/ses-1/anat/sub-01_desc-x_ses-1_T1w.json", "{}"); // entities out of order
      put("sub-01/anat/notes.txt");
      put("sub-01/log/sub-01_status.json", "{}"); // not judged
      expect(derivativesProblems(dir)).toEqual([
        'dataset_description.json: DatasetType is "raw", not "derivative"',
        "dataset_description.json: no GeneratedBy with a Name",
        "sub-01/anat/notes.txt: not a BIDS file name (entities, suffix, extension)",
        "sub-01/anat/sub-01_desc-face_mask.nii.gz: no JSON sidecar",
        "sub-01/anat/sub-01_desc-radiomics_features.tsv: its sidecar describes a, the table has a, b",
        "sub-01/anat/sub-02_T1w.json: belongs in sub-02/anat/",
        expect.stringMatching(/^sub-01\/ses-1\/anat\/sub-01_desc-x_ses-1_T1w\.json: entity "ses" out of order/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
