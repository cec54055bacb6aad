import { spawn } from "node:child_process";
import { join } from "node:path";
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
