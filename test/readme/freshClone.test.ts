import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../pipeline/version.js";
import { readmeBlocks, shellCommands, words } from "./readmeBlocks.js";

/**
 * A fresh machine, as a new user meets the project: the README's install lines, run literally in a
 * new clone of this repository's committed HEAD (so commit before running it). The only liberties:
 * the clone URL is this repository, and npm may use its local cache (--prefer-offline).
 */
describe("the README's install lines work in a fresh clone", () => {
  const dir = mkdtempSync(join(tmpdir(), "fresh-clone-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("git clone, npm install, npx deface-impact --help", () => {
    const install = readmeBlocks().find((b) => b.heading === "Install" && b.lang === "sh");
    expect(install, "README.md has an Install section with a sh block").toBeDefined();
    const commands = shellCommands(install!.text);
    expect(commands).toEqual([
      "git clone <repository-url> deface-impact && cd deface-impact",
      "npm install",
      "npx deface-impact --help",
    ]);
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: projectRoot(), encoding: "utf8" }).trim();

    // git clone <repository-url> deface-impact && cd deface-impact
    const [clone, cd] = commands[0].split(" && ");
    const cloneArgs = words(clone).slice(1).map((w) => (w === "<repository-url>" ? projectRoot() : w));
    execFileSync("git", cloneArgs, { cwd: dir, stdio: "pipe" });
    const repo = join(dir, words(cd)[1]);
    expect(execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim()).toBe(head);

    // npm install (from npm's cache when it can: the test should not depend on the network's speed)
    const npm = spawnSync("npm", [...words(commands[1]).slice(1), "--prefer-offline", "--no-audit", "--no-fund"], { cwd: repo, encoding: "utf8" });
    expect(npm.status, npm.stderr).toBe(0);
    expect(statSync(join(repo, "dist", "pipeline", "cli", "main.js")).mode & 0o111).toBe(0o111);

    // npx deface-impact --help
    const [npx, ...args] = words(commands[2]);
    const help = spawnSync(npx, args, { cwd: repo, encoding: "utf8" });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: deface-impact \[options\] \[command\]/);
    for (const command of ["run", "compare", "deface", "features", "convert", "regress", "phantom"]) expect(help.stdout).toContain(`  ${command} `);
  }, 900_000);
});
