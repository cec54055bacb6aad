import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { projectRoot } from "../../pipeline/version.js";
import { describeDifference } from "./compareOutputs.js";

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

/** The web report is the CLI's, byte for byte: the renders, and every text file once the runtime's name is set aside. */
export function expectSameReport(cli: Map<string, Uint8Array>, web: Map<string, Uint8Array>): void {
  expect([...web.keys()].sort()).toEqual([...cli.keys()].sort());
  const webJson = JSON.parse(Buffer.from(web.get("report.json")!).toString("utf8"));
  const browserName: string = webJson.software.browser;
  expect(browserName).toMatch(/^Chrome \d+/);
  expect(webJson.software.node).toBeUndefined();
  const cliRuntime = `Node ${process.version}`;
  let textBytes = 0;
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
    const cliText = Buffer.from(bytes).toString("utf8");
    expect(describeDifference(cliText, webText), `${name} is the CLI's`).toBeUndefined();
    textBytes += cliText.length;
  }
  expect(textBytes).toBeGreaterThan(100_000); // a report, not an empty folder
}
