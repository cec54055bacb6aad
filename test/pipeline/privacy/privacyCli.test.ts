import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticRegistry, syntheticRelease } from "../../../fixtures/privacy/syntheticPeople.js";
import { cli, csvText } from "./cliHelpers.js";

const root = mkdtempSync(join(tmpdir(), "privacy-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (name: string) => join(root, name);

const registry = syntheticRegistry({ n: 4000, seed: 21 });
const release = syntheticRelease(registry, { n: 1000, seed: 22 });
writeFileSync(file("registry.csv"), csvText(registry));
writeFileSync(file("release.csv"), csvText(release));
writeFileSync(file("release.tsv"), csvText(release, "\t"));

describe("privacy: every subcommand has --help with an example", () => {
  for (const sub of ["check", "anonymise", "link", "release", "budget", "keygen", "pseudonymise", "reidentify"]) {
    it(sub, () => {
      const r = cli(["privacy", sub, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:\n(  # .+\n  deface-impact privacy .+\n){2,3}$/);
    });
  }
});

describe("privacy check", () => {
  it("reads CSV and TSV alike and writes the published JSON fields", () => {
    const a = cli(["privacy", "check", "--table", file("release.csv"), "--quasi", "sex,age,institution", "--sensitive", "grade", "--json", file("check.json")]);
    expect(a.code).toBe(0);
    const check = JSON.parse(readFileSync(file("check.json"), "utf8"));
    for (const key of ["k", "l_distinct", "l_entropy", "t", "classes", "risk"]) expect(check).toHaveProperty(key);
    for (const key of ["key", "size", "l_distinct", "l_entropy", "t"]) expect(check.classes[0]).toHaveProperty(key);
    for (const key of ["prosecutor_max", "prosecutor_avg", "marketer", "uniques"]) expect(check.risk).toHaveProperty(key);
    expect(check.classes.reduce((s: number, c: { size: number }) => s + c.size, 0)).toBe(1000);
    const b = cli(["privacy", "check", "--table", file("release.tsv"), "--quasi", "sex,age,institution", "--sensitive", "grade", "--json", file("check-tsv.json")]);
    expect(b.code).toBe(0);
    expect(JSON.parse(readFileSync(file("check-tsv.json"), "utf8")).classes).toEqual(check.classes);
  });
  it("exits 1 below a threshold, listing the offending classes, and still writes the JSON", () => {
    const r = cli(["privacy", "check", "--table", file("release.csv"), "--quasi", "sex,age,date", "--k", "2", "--json", file("fail.json")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED k = 1 < 2: \d+ classes have fewer than 2 records/);
    expect(r.stdout).toMatch(/sex=[FM], age=\d+, date=\d{4}-\d{2}-\d{2}: 1 record/);
    expect(r.stderr).toMatch(/release check failed/);
    expect(existsSync(file("fail.json"))).toBe(true);
  });
  it("bad input: unknown column (2), empty table (3), no output file", () => {
    const unknown = cli(["privacy", "check", "--table", file("release.csv"), "--quasi", "sex,postcode", "--json", file("no1.json")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no quasi-identifier "postcode"/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(file("empty.csv"), "sex,age\n");
    const empty = cli(["privacy", "check", "--table", file("empty.csv"), "--quasi", "sex", "--json", file("no2.json")]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/empty\.csv: the table has no rows/);
    for (const f of ["no1.json", "no2.json"]) expect(existsSync(file(f))).toBe(false);
  });
  it("reads the project's features.csv (one row per subject) and a compare report.json", () => {
    const lines = ["subject,condition,normalization,config,family,feature,ibsi_code,aggregation,aggregation_code,value"];
    for (let s = 0; s < 6; s++) {
      for (const condition of ["original", "mask-zero"]) {
        lines.push(`ct-0${s},${condition},none,nodisc,morphology,Volume (mesh),RNU0,none,DHQ4,${1000 + 100 * (s % 2) + (condition === "original" ? 0 : 1)}`);
        lines.push(`ct-0${s},${condition},none,fbn32,glcm,Joint maximum,GYBY,"3D, merged",IAZD,${0.1 * (s % 3)}`);
      }
    }
    writeFileSync(file("features.csv"), lines.join("\n") + "\n");
    const r = cli(["privacy", "check", "--table", file("features.csv"), "--quasi", "RNU0.nodisc.DHQ4", "--sensitive", "GYBY.fbn32.IAZD", "--json", file("features.json")]);
    expect(r.code).toBe(0);
    const check = JSON.parse(readFileSync(file("features.json"), "utf8"));
    expect(check.records).toBe(6);
    expect(check.classes.map((c: { key: Record<string, string>; size: number }) => [c.key["RNU0.nodisc.DHQ4"], c.size])).toEqual([["1000", 3], ["1100", 3]]);
    const defaced = cli(["privacy", "check", "--table", file("features.csv"), "--condition", "mask-zero", "--quasi", "RNU0.nodisc.DHQ4", "--json", file("features2.json")]);
    expect(JSON.parse(readFileSync(file("features2.json"), "utf8")).classes[0].key["RNU0.nodisc.DHQ4"]).toBe("1001");
    writeFileSync(file("report.json"), JSON.stringify({ command: "compare", subjects: [
      { subject: "a", modality: "CT", dims: [114, 114, 114], spacing_mm: [1.7, 1.7, 1.7], roi_voxels: 900 },
      { subject: "b", modality: "CT", dims: [114, 114, 114], spacing_mm: [1.7, 1.7, 1.7], roi_voxels: 950 },
    ] }));
    const rep = cli(["privacy", "check", "--table", file("report.json"), "--quasi", "modality,dims,spacing_mm", "--k", "2"]);
    expect(rep.code).toBe(0);
    expect(rep.stdout).toMatch(/2 records in 1 equivalence classes/);
  });
});

describe("privacy keygen, pseudonymise, reidentify", () => {
  it("writes a 0600 key, never overwrites it, and reverses pseudonyms in order", () => {
    const key = file("site.key");
    expect(cli(["privacy", "keygen", "--out", key]).code).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const before = readFileSync(key, "utf8");
    const again = cli(["privacy", "keygen", "--out", key]);
    expect(again.code).toBe(2);
    expect(readFileSync(key, "utf8")).toBe(before);
    const ids = ["PAT-00123", "PAT-00124", "12345678"];
    const p = cli(["privacy", "pseudonymise", "--key", key, ...ids]);
    expect(p.code).toBe(0);
    const pseudonyms = p.stdout.trim().split("\n");
    expect(pseudonyms).toHaveLength(3);
    expect(cli(["privacy", "pseudonymise", "--key", key, ids[1]]).stdout.trim()).toBe(pseudonyms[1]);
    const back = cli(["privacy", "reidentify", "--key", key, ...pseudonyms]);
    expect(back.stdout.trim().split("\n")).toEqual(ids);
    const secret = before.trim();
    for (const out of [p, back]) expect(out.stdout + out.stderr).not.toContain(secret);
  });
  it("refuses a key others can read, or of the wrong length, without printing it", () => {
    const open = file("open.key");
    expect(cli(["privacy", "keygen", "--out", open]).code).toBe(0);
    chmodSync(open, 0o644);
    const r = cli(["privacy", "pseudonymise", "--key", open, "PAT-00123"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mode 0644.*chmod 600/);
    const short = file("short.key");
    writeFileSync(short, "abcdef0123\n", { mode: 0o600 });
    const s = cli(["privacy", "reidentify", "--key", short, "x7Q-aZ91k"]);
    expect(s.code).toBe(3);
    expect(s.stderr).toMatch(/expected 64 hexadecimal characters/);
    expect(s.stderr).not.toContain("abcdef0123");
  });
});

describe("privacy anonymise", () => {
  it("generalises to k, pseudonymises the ID column reversibly, and reports the loss", () => {
    const key = file("anon.key");
    cli(["privacy", "keygen", "--out", key]);
    writeFileSync(file("hierarchies.yaml"), "age: { intervals: [5, 10, 20] }\ndate: { date: [month, quarter, year] }\n");
    const r = cli([
      "privacy", "anonymise", "--table", file("release.csv"), "--quasi", "sex,age,date", "--hierarchies", file("hierarchies.yaml"),
      "--sensitive", "grade", "--k", "5", "--l", "2", "--max-suppression", "0.05", "--pseudonym-key", key, "--id-columns", "person_id",
      "--out", file("released.csv"), "--report", file("released.json"), "--quiet",
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(file("released.json"), "utf8"));
    expect(report.achieved.k).toBeGreaterThanOrEqual(5);
    expect(report.loss_metric).toMatch(/Iyengar/);
    expect(report.suppressed).toBeLessThanOrEqual(50);
    expect(report.columns.map((c: { column: string }) => c.column)).toEqual(["sex", "age", "date"]);
    const check = cli(["privacy", "check", "--table", file("released.csv"), "--quasi", "sex,age,date", "--sensitive", "grade", "--k", "5", "--l", "2"]);
    expect(check.code).toBe(0);
    const released = readFileSync(file("released.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")[0]);
    expect(released[0]).not.toMatch(/^P\d{7}$/);
    const back = cli(["privacy", "reidentify", "--key", key, ...released.slice(0, 5)]).stdout.trim().split("\n");
    for (const id of back) expect(id).toMatch(/^P\d{7}$/);
  });
  it("takes the quasi-identifiers from the hierarchies file when --quasi is not given", () => {
    const r = cli(["privacy", "anonymise", "--table", file("release.csv"), "--hierarchies", file("hierarchies.yaml"), "--k", "3", "--drop", "person_id", "--out", file("by-hierarchies.csv"), "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/age: level \d of 4/);
    expect(r.stdout).toMatch(/date: level \d of 4/);
    expect(r.stdout).not.toMatch(/sex: level/);
    expect(readFileSync(file("by-hierarchies.csv"), "utf8").split("\n")[0]).toBe("sex,age,date,institution,grade,tumour_volume_ml");
  });
  it("refuses to release an ID column without a key, and a bad key, writing nothing", () => {
    const noKey = cli(["privacy", "anonymise", "--table", file("release.csv"), "--quasi", "sex,age", "--k", "2", "--id-columns", "person_id", "--out", file("nokey.csv")]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/--pseudonym-key KEY.*--drop person_id/);
    const badKey = file("bad.key");
    writeFileSync(badKey, "00".repeat(32) + "\n", { mode: 0o640 });
    chmodSync(badKey, 0o640);
    const bad = cli(["privacy", "anonymise", "--table", file("release.csv"), "--quasi", "sex,age", "--k", "2", "--pseudonym-key", badKey, "--id-columns", "person_id", "--out", file("badkey.csv")]);
    expect(bad.code).toBe(3);
    for (const f of ["nokey.csv", "badkey.csv"]) expect(existsSync(file(f))).toBe(false);
  });
});

describe("privacy link", () => {
  it("writes records, reidentified, correct and per-record rows", () => {
    const r = cli(["privacy", "link", "--release", file("release.csv"), "--registry", file("registry.csv"), "--truth", "person_id", "--json", file("link.json")]);
    expect(r.code).toBe(0);
    const link = JSON.parse(readFileSync(file("link.json"), "utf8"));
    expect(link.records).toBe(1000);
    expect(link.reidentified).toBeGreaterThan(0);
    expect(link.correct).toBeLessThanOrEqual(link.reidentified);
    expect(link.rows).toHaveLength(1000);
    expect(link.rows[0]).toMatchObject({ row: 1, matches: expect.any(Number) });
    const mapped = cli(["privacy", "link", "--release", file("release.csv"), "--registry", file("registry.csv"), "--columns", "release.sex=grade"]);
    expect(mapped.code).toBe(0);
    expect(mapped.stdout).toMatch(/re-identified \(exactly one candidate\): 0 /);
    const bad = cli(["privacy", "link", "--release", file("release.csv"), "--registry", file("registry.csv"), "--columns", "sex=gender", "--json", file("nolink.json")]);
    expect(bad.code).toBe(2);
    expect(existsSync(file("nolink.json"))).toBe(false);
  });
});

describe("privacy release and its ledger", () => {
  it("prints DP answers, records them, and refuses a release over the budget leaving the ledger unchanged", () => {
    const ledger = file("ledger.json");
    const first = cli(["privacy", "release", "--table", file("release.csv"), "--query", "count", "--query", "mean:age:18:90", "--query", "histogram:grade_num:0,1,2", "--epsilon", "0.6", "--ledger", ledger, "--budget", "1"]);
    // grade_num does not exist: usage error before anything is spent
    expect(first.code).toBe(2);
    expect(existsSync(ledger)).toBe(false);
    const ok = cli(["privacy", "release", "--table", file("release.csv"), "--query", "count", "--query", "mean:age:18:90", "--query", "histogram:age:18,40,60,91", "--epsilon", "0.6", "--ledger", ledger, "--budget", "1"]);
    expect(ok.code).toBe(0);
    const answers = JSON.parse(ok.stdout);
    expect(answers.answers.map((a: { query: string }) => a.query)).toEqual(["count", "mean:age:18:90", "histogram:age:18,40,60,91"]);
    expect(answers.answers[1].value).toBeGreaterThanOrEqual(18);
    expect(answers.answers[1].value).toBeLessThanOrEqual(90);
    const recorded = readFileSync(ledger, "utf8");
    expect(JSON.parse(recorded).releases).toHaveLength(1);
    const refused = cli(["privacy", "release", "--table", file("release.csv"), "--query", "count", "--epsilon", "0.5", "--ledger", ledger]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/would bring the total to 1\.1, over the budget of 1/);
    expect(refused.stdout).toBe("");
    expect(readFileSync(ledger, "utf8")).toBe(recorded);
    const fits = cli(["privacy", "release", "--table", file("release.csv"), "--query", "count", "--epsilon", "0.4", "--ledger", ledger]);
    expect(fits.code).toBe(0);
    expect(JSON.parse(readFileSync(ledger, "utf8")).releases).toHaveLength(2);
    expect(existsSync(`${ledger}.lock`)).toBe(false);
  });
  it("bad input: ε ≤ 0, LO ≥ HI, a Gaussian without δ", () => {
    const base = ["privacy", "release", "--table", file("release.csv")];
    expect(cli([...base, "--query", "count", "--epsilon", "0"]).code).toBe(2);
    expect(cli([...base, "--query", "count", "--epsilon", "-1"]).code).toBe(2);
    const bounds = cli([...base, "--query", "mean:age:90:18", "--epsilon", "1"]);
    expect(bounds.code).toBe(2);
    expect(bounds.stderr).toMatch(/LO < HI/);
    expect(cli([...base, "--query", "count", "--epsilon", "1", "--mechanism", "gaussian"]).code).toBe(2);
    const g = cli([...base, "--query", "count", "--epsilon", "1", "--delta", "1e-6", "--mechanism", "gaussian"]);
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout).answers[0].noise[0].rho).toBeGreaterThan(0);
  });
});

describe("privacy budget", () => {
  it("--json prints basic, advanced and rdp with the curve at the given orders", () => {
    const r = cli(["privacy", "budget", "--event", "gaussian:sigma=2.5,q=0.01,count=50", "--orders", "1.5,2.5,5,50,100", "--delta", "1e-5", "--json"]);
    expect(r.code).toBe(0);
    const b = JSON.parse(r.stdout);
    for (const part of ["basic", "advanced"]) expect(Object.keys(b[part])).toEqual(expect.arrayContaining(["epsilon", "delta"]));
    expect(Object.keys(b.rdp)).toEqual(expect.arrayContaining(["epsilon", "delta", "order", "curve"]));
    expect(b.rdp.curve.map((c: { order: number }) => c.order)).toEqual([1.5, 2.5, 5, 50, 100]);
    expect(b.rdp.curve[0].rdp).toBeCloseTo(6.70579741e-4, 7);
    const text = cli(["privacy", "budget", "--event", "laplace:scale=4,count=2", "--delta", "1e-6"]);
    expect(text.stdout).toMatch(/basic composition: +ε = 0\.5, δ = 0/);
    expect(text.stdout).toMatch(/tightest: /);
    expect(cli(["privacy", "budget", "--event", "laplace:scale=-1", "--delta", "1e-6"]).code).toBe(2);
  });
});
