import { describe, expect, it } from "vitest";
import { optionGroups, workerExecArgv } from "../../../pipeline/pool/workerExecArgv.js";

const noRequire = process.allowedNodeEnvironmentFlags.has("--no-experimental-require-module") ? ["--no-experimental-require-module"] : [];

describe("workerExecArgv", () => {
  it("groups each option with the values that follow it", () => {
    expect(optionGroups(["--cpu-prof-dir", "/tmp/p", "--cpu-prof", "--conditions=x", "-r", "a", "b"])).toEqual([
      ["--cpu-prof-dir", "/tmp/p"],
      ["--cpu-prof"],
      ["--conditions=x"],
      ["-r", "a", "b"],
    ]);
    expect(optionGroups([])).toEqual([]);
  });

  it("keeps the options a worker accepts and drops V8's and the process's, asking a real worker", () => {
    const parent = ["--max-old-space-size=4096", "--enable-source-maps", "--title=x", "--conditions", "custom", "--stack-trace-limit=30", "--expose-gc"];
    expect(workerExecArgv(parent)).toEqual(["--enable-source-maps", "--conditions", "custom", ...noRequire]);
  });

  it("keeps an option that a worker refuses alone but accepts beside another it needs", () => {
    expect(workerExecArgv(["--cpu-prof-dir=/tmp/profiles", "--stack-trace-limit=30", "--cpu-prof"])).toEqual(["--cpu-prof-dir=/tmp/profiles", "--cpu-prof", ...noRequire]);
  });

  it("adds the import-not-require flag once, and asks about nothing when there is nothing to ask", () => {
    const asked: string[][] = [];
    expect(workerExecArgv([], (o) => (asked.push(o), true))).toEqual(noRequire);
    expect(asked).toEqual([]);
    expect(workerExecArgv(noRequire, () => true)).toEqual(noRequire);
  });
});
