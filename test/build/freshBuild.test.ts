import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureFreshBuild, staleSources } from "../../scripts/fresh-build.mjs";
import { projectRoot } from "../../pipeline/version.js";

describe("tests run the source as it is, never a stale dist/", () => {
  it("after the test setup, every source file's compiled dist/ file is at least as new as it", () => {
    expect(staleSources(projectRoot())).toEqual([]);
  });

  describe("a deliberate change in the source is seen by a CLI that runs dist/", () => {
    const dir = mkdtempSync(join(tmpdir(), "fresh-build-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const tsc = createRequire(join(projectRoot(), "package.json")).resolve("typescript/bin/tsc");
    const build: [string, string[]] = [process.execPath, [tsc, "-p", "tsconfig.json"]];
    const cli = () => execFileSync(process.execPath, [join(dir, "dist", "pipeline", "cli.js")], { encoding: "utf8" }).trim();
    const writeAnswer = (value: number, secondsAhead: number) => {
      const file = join(dir, "pipeline", "answer.ts");
      writeFileSync(file, `export const answer: number = ${value};\n`);
      const t = Date.now() / 1000 + secondsAhead;
      utimesSync(file, t, t);
    };

    it("rebuilds exactly when a source file is newer than its build", () => {
      mkdirSync(join(dir, "pipeline"));
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", outDir: "dist", rootDir: "." }, include: ["pipeline/**/*.ts"] }),
      );
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
      writeFileSync(join(dir, "pipeline", "cli.ts"), 'import { answer } from "./answer.js";\nconsole.log(answer);\n');
      writeAnswer(1, 0);
      expect(ensureFreshBuild(dir, { folders: ["pipeline"], build }).sort()).toEqual(["pipeline/answer.ts", "pipeline/cli.ts"]);
      expect(cli()).toBe("1");
      expect(ensureFreshBuild(dir, { folders: ["pipeline"], build })).toEqual([]); // nothing changed: no rebuild

      writeAnswer(2, 5); // the edit, later than the build
      expect(cli()).toBe("1"); // what a test of the stale build would have seen
      expect(ensureFreshBuild(dir, { folders: ["pipeline"], build })).toEqual(["pipeline/answer.ts"]);
      expect(cli()).toBe("2");
    }, 60_000);
  });
});
