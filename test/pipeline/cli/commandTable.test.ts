import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../pipeline/cli/commands/index.js";
import { projectRoot } from "../../../pipeline/version.js";

describe("the lazily loaded command table", () => {
  it("names each command as its module registers it, once, with a one-line summary", async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of COMMANDS) {
      const program = new Command("deface-impact");
      (await entry.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
      expect(entry.summary.length).toBeGreaterThan(10);
      expect(entry.summary).not.toContain("\n");
    }
  });
});

describe("stdout closed early (piped into head)", () => {
  it("exits quietly instead of crashing with EPIPE", async () => {
    const child = spawn(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), "run", "--help"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});

describe("what the CLI loads", () => {
  /** The modules `node dist/.../main.js ...args` resolves, recorded by a module hook (node:module register). */
  function loadedModules(args: string[]): string[] {
    const dir = mkdtempSync(join(tmpdir(), "cli-loads-"));
    try {
      const log = join(dir, "resolved.txt");
      writeFileSync(
        join(dir, "hooks.mjs"),
        `import { appendFileSync } from "node:fs";\n` +
          `export async function resolve(specifier, context, next) {\n` +
          `  const r = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, r.url + "\\n");\n  return r;\n}\n`,
      );
      writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`);
      const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(dir, "register.mjs")).href, join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(log, "utf8").trim().split("\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("answers --help without loading a command, the worker pool or the feature engine", () => {
    const loaded = loadedModules(["--help"]);
    expect(loaded.some((u) => u.endsWith("/cli/main.js"))).toBe(true);
    expect(loaded.filter((u) => /\/cli\/commands\/(?!index\.js)|\/pool\/runJobs\.js|\/analysis\/features\/|@stdlib|piscina|zod|vega/.test(u))).toEqual([]);
    // the build bundles the CLI into chunks (scripts/bundle-cli.mjs), so look inside what was loaded too
    const ours = loaded.filter((u) => u.startsWith("file:") && u.includes("/dist/")).map((u) => fileURLToPath(u));
    const engine = /function runFeatureJob|function computeFeatures|function registerFeatures|function registerRun\b|(from |import\()"(piscina|vega)"/;
    expect(ours.filter((f) => engine.test(readFileSync(f, "utf8")))).toEqual([]);
  });

  it("loads one bundled file per lazily imported part, not the project's modules one by one", () => {
    const loaded = loadedModules(["features", "--help"]);
    const ours = new Set(loaded.filter((u) => u.startsWith("file:") && u.includes("/dist/")));
    // tsc's output is some 170 modules for `features`; the bundle a few dozen chunks at most
    expect(ours.size).toBeGreaterThan(1);
    expect(ours.size).toBeLessThan(40);
  });
});
