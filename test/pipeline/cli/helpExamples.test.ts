import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { documentedCommands, type DocumentedCommand } from "../../../pipeline/cli/cliDocs.js";
import { examplesOf } from "../../../pipeline/cli/help.js";
import { createProgram, registerAllCommands } from "../../../pipeline/cli/program.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { projectRoot } from "../../../pipeline/version.js";
import { ippOf, writeDataset, writeSeries, type SeriesSpec } from "../io/dicom/synthetic.js";

/**
 * Every example that a --help prints runs. Most run for real, in the folder the help says
 * (`deface-impact phantom --kind ct --out .`, here a small phantom of 64³ voxels of 3 mm, with the
 * cohort manifest, PyRadiomics file and DICOM series their commands name). Those that need data the
 * tests do not ship, or minutes, are parsed by the real option parser instead (an unknown or renamed
 * option, a missing required one, a bad value fails), and the reason is written below.
 */

const run = promisify(execFile);
const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");

/** Examples parsed, not run, and why (matched against the start of the example's line). */
const PARSED_ONLY: { start: string; why: string }[] = [
  { start: "deface-impact demo", why: "1–3 minutes; `npm start` runs it and the demo has its own test" },
  { start: "deface-impact ibsi-check", why: "needs the IBSI 1 data sets, which the tests do not ship (.ci/run validates them)" },
  { start: "deface-impact validate", why: "needs ../shared/data (.ci/run runs it)" },
  { start: "deface-impact regress --junit", why: "the phantom suite takes ~15 s; regressCli.test.ts runs it against the shipped baseline" },
  { start: "deface-impact privacy check", why: "needs a clinical table; privacyCli.test.ts runs check on its own tables" },
  { start: "deface-impact privacy anonymise --table", why: "needs a clinical table and its hierarchies; privacyCli.test.ts runs anonymise" },
  { start: "deface-impact privacy link", why: "needs a released table and a registry; privacyCli.test.ts runs link" },
  { start: "deface-impact privacy release", why: "needs a clinical table; privacyCli.test.ts runs release" },
];
const parsedOnly = (line: string) => (line === "deface-impact regress" ? "the phantom suite, as for --junit" : PARSED_ONLY.find((p) => line.startsWith(p.start))?.why);

/** The commands whose exit 1 means "the check it ran failed", not "it did not run". */
const CHECKS = new Set(["regress"]);

let root: string;
/** the folder the examples of the imaging commands run in, and the one the privacy examples run in. */
let phantomDir: string;
let privacyDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "help-examples-"));
  phantomDir = join(root, "phantom");
  privacyDir = join(root, "privacy");
  mkdirSync(privacyDir);
  const small = { dims: [64, 64, 64] as [number, number, number], spacing: [3, 3, 3] as [number, number, number] };
  writePhantom(phantomDir, makeHeadPhantom({ kind: "ct", seed: 1, ...small }));
  writePhantom(join(phantomDir, "s2"), makeHeadPhantom({ kind: "ct", seed: 2, ...small }));
  // the cohort manifest compare and regress name: two subjects, the phantom's own face mask as the tool
  writeFileSync(
    join(phantomDir, "cohort.csv"),
    "subject,image,roi,face_mask,mask-min\n" +
      "s1,image.nii.gz,roi.nii.gz,face_mask.nii.gz,builtin:mask:min\n" +
      "s2,s2/image.nii.gz,s2/roi.nii.gz,s2/face_mask.nii.gz,builtin:mask:min\n",
  );
  // "your PyRadiomics parameter file"
  writeFileSync(join(phantomDir, "Params.yaml"), ["imageType:", "  Original: {}", "featureClass:", "  firstorder:", "  glcm:", "setting:", "  binWidth: 25", ""].join("\n"));
  // a CT series and its RTSTRUCT with a structure GTV-1, as convert's examples name them
  const spec: SeriesSpec = { nx: 12, ny: 10, positions: [0, 2, 4, 6], pixelSpacing: [1, 1], intercept: -1024, stored: (i, j, k) => 1000 + i + 10 * j + 100 * k };
  writeSeries(join(phantomDir, "ct_dicom"), spec);
  const o = ippOf(spec, 2);
  writeDataset(join(phantomDir, "rs.dcm"), {
    SOPClassUID: "1.2.840.10008.5.1.4.1.1.481.3",
    SOPInstanceUID: "1.2.3.9",
    Modality: "RTSTRUCT",
    StructureSetROISequence: [{ ROINumber: 1, ROIName: "GTV-1" }],
    ROIContourSequence: [
      {
        ReferencedROINumber: 1,
        ContourSequence: [
          {
            ContourGeometricType: "CLOSED_PLANAR",
            NumberOfContourPoints: 4,
            ContourData: [o[0] + 2.5, o[1] + 2.5, o[2], o[0] + 6.5, o[1] + 2.5, o[2], o[0] + 6.5, o[1] + 5.5, o[2], o[0] + 2.5, o[1] + 5.5, o[2]],
          },
        ],
      },
    ],
  });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An example's words; examples are single lines without quoting, so a shell would split them the same way. */
function words(line: string): string[] {
  expect(line, "an example needs no shell quoting or substitution").not.toMatch(/["'`$\\|;&<>]/);
  return line.split(/\s+/).slice(1);
}

/** Parses an example with the program's real options and parsers, every action replaced by a no-op; an old spelling fails. */
async function parse(line: string): Promise<void> {
  const program = await registerAllCommands(createProgram());
  const silence = (c: Command): void => {
    c.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} }).exitOverride();
    if (c.commands.length === 0) c.action(() => {});
    c.commands.forEach(silence);
  };
  silence(program);
  try {
    await program.parseAsync(words(line), { from: "user" });
  } catch (err) {
    // `--help` and `--version` end parsing with exit code 0: they parse
    if ((err as { exitCode?: number }).exitCode === 0) return;
    throw err;
  }
  // and no old spelling: documentation teaches the current names
  const old = (c: Command): string[] => [
    ...c.options.filter((o) => o.hidden && c.getOptionValueSource(o.attributeName()) === "cli").map((o) => o.long!),
    ...c.commands.flatMap(old),
  ];
  expect(old(program), `${line}: deprecated spelling`).toEqual([]);
}

async function runExample(line: string, cwd: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [main, ...words(line)], { cwd, maxBuffer: 64 << 20 });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stderr: e.stderr ?? String(err) };
  }
}

describe("the examples every --help prints", () => {
  let commands: DocumentedCommand[];
  beforeAll(async () => {
    commands = await documentedCommands();
  });

  it("parse with the real option parser: no unknown or renamed option, no missing required one, no bad value", async () => {
    let n = 0;
    for (const c of commands) {
      for (const e of examplesOf(c.command)) {
        if (e.line.endsWith(" --help")) continue;
        await expect(parse(e.line), e.line).resolves.toBeUndefined();
        n++;
      }
    }
    expect(n).toBeGreaterThan(35);
  });

  it("and so does every command line in the README's code blocks", async () => {
    const readme = readFileSync(join(projectRoot(), "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, ""));
    const lines = blocks
      .flatMap((b) => b.split("\n"))
      .map((l) => l.replace(/\s+#.*$/, "").trim())
      .filter((l) => /^(npx )?deface-impact /.test(l))
      .map((l) => l.replace(/^npx /, ""));
    for (const line of lines) await expect(parse(line), line).resolves.toBeUndefined();
    expect(lines.length).toBeGreaterThan(20);
  });

  it("run: every example of the imaging commands on the phantom, in the order the help gives them", async () => {
    const ran: string[] = [];
    for (const c of commands.filter((x) => !x.name.startsWith("privacy"))) {
      for (const e of examplesOf(c.command)) {
        if (parsedOnly(e.line)) continue;
        // phantom's own examples write a phantom: into a folder of their own, as the help says ("into this folder")
        const cwd = c.name === "phantom" ? mkdtempSync(join(root, "phantom-example-")) : phantomDir;
        const r = await runExample(e.line, cwd);
        expect([0, ...(CHECKS.has(c.name) ? [1] : [])], `${e.line}\n${r.stderr}`).toContain(r.code);
        ran.push(e.line);
      }
    }
    // run, features, deface (3 each), phantom, convert, compare (2 each), regress with a manifest
    expect(ran.length).toBe(16);
  }, 600_000);

  it("run: the privacy examples that need no clinical table (keys, pseudonyms, budget), keygen first", async () => {
    const privacy = commands.filter((x) => x.name.startsWith("privacy"));
    const ordered = [...privacy.filter((x) => x.name === "privacy keygen"), ...privacy.filter((x) => x.name !== "privacy keygen")];
    let n = 0;
    for (const c of ordered) {
      for (const e of examplesOf(c.command)) {
        if (parsedOnly(e.line)) continue;
        const r = await runExample(e.line, privacyDir);
        expect(r.code, `${e.line}\n${r.stderr}`).toBe(0);
        n++;
      }
    }
    expect(n).toBe(9);
  }, 120_000);
});
