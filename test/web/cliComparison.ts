import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { projectRoot } from "../../pipeline/version.js";
import { compareText } from "./compareOutputs.js";

/** The web app's report against the CLI's on the same inputs: for the browser test and the real-head check. */

const CLI = join(projectRoot(), "dist", "pipeline", "cli", "main.js");

/** Runs the command line the page shows in `cwd` (the inputs' folder) and reads what it wrote. */
export function runCli(command: string, cwd: string): { dir: string; files: Map<string, Uint8Array> } {
  const args = command.split(" ");
  expect(args.slice(0, 2)).toEqual(["deface-impact", "run"]);
  execFileSync(process.execPath, [CLI, ...args.slice(1), "--quiet"], { cwd, stdio: "pipe" });
  const dir = join(cwd, args[args.indexOf("--out") + 1]);
  const files = new Map<string, Uint8Array>();
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (name !== ".deface-impact-output.json") files.set(relative(dir, p), readFileSync(p));
    }
  };
  visit(dir);
  return { dir, files };
}

/** The web report is the CLI's: same files, renders byte-identical, text identical but for the runtime and last-bit engine maths. */
export function expectSameReport(cli: Map<string, Uint8Array>, web: Map<string, Uint8Array>): void {
  expect([...web.keys()].sort()).toEqual([...cli.keys()].sort());
  const webJson = JSON.parse(Buffer.from(web.get("report.json")!).toString("utf8"));
  const browserName: string = webJson.software.browser;
  expect(browserName).toMatch(/^Chrome \d+/);
  expect(webJson.software.node).toBeUndefined();
  const cliRuntime = `Node ${process.version}`;
  let numbers = 0;
  let differing = 0;
  let largest = 0;
  for (const [name, bytes] of cli) {
    const other = web.get(name)!;
    if (name.endsWith(".png")) {
      expect(Buffer.compare(Buffer.from(other), Buffer.from(bytes)), `${name} is byte-identical`).toBe(0);
      continue;
    }
    // the one line that names the runtime: the CLI's Node, the page's browser
    const webText = Buffer.from(other)
      .toString("utf8")
      .replace(`"browser": "${browserName}"`, `"node": "${process.version}"`)
      .replaceAll(browserName, cliRuntime);
    const c = compareText(Buffer.from(bytes).toString("utf8"), webText);
    expect(c.problem, name).toBeUndefined();
    numbers += c.numbers;
    differing += c.differing;
    largest = Math.max(largest, c.largest);
  }
  // the engines' last-bit differences touch few numbers: a systematic difference would touch many
  expect(numbers).toBeGreaterThan(50_000);
  expect(differing / numbers).toBeLessThan(0.01);
  console.log(`web vs CLI: ${numbers} numbers, ${differing} differ in their last digits (largest relative gap ${largest.toExponential(2)})`);
}
