import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticRegistry, syntheticRelease } from "../../../fixtures/privacy/syntheticPeople.js";
import { cli, csvText } from "./cliHelpers.js";

const root = mkdtempSync(join(tmpdir(), "privacy-scale-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (name: string) => join(root, name);

/** Every privacy command on 100 000-row tables through the built CLI, each within seconds (generous bounds: the machine is shared). */
describe("privacy commands on 100 000 rows", () => {
  const registry = syntheticRegistry({ n: 100_000, seed: 31 });
  writeFileSync(file("registry.csv"), csvText(registry));
  writeFileSync(file("release.csv"), csvText(syntheticRelease(registry, { n: 100_000, seed: 32 })));
  const timed = (args: string[]) => {
    const started = Date.now();
    const r = cli(args);
    const seconds = (Date.now() - started) / 1000;
    console.log(`privacy ${args[1]} on 100 000 rows: ${seconds.toFixed(1)} s`);
    return { ...r, seconds };
  };

  it("check", () => {
    const r = timed(["privacy", "check", "--table", file("release.csv"), "--quasi", "sex,age,institution", "--sensitive", "tumour_volume_ml", "--numeric", "tumour_volume_ml", "--json", file("check.json")]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(file("check.json"), "utf8")).records).toBe(100_000);
    expect(r.seconds).toBeLessThan(30);
  });
  it("anonymise, with 100 000 IDs pseudonymised", () => {
    cli(["privacy", "keygen", "--out", file("k.key")]);
    const r = timed(["privacy", "anonymise", "--table", file("release.csv"), "--quasi", "sex,age,date,institution", "--numeric", "age", "--sensitive", "grade", "--k", "10", "--l", "2",
      "--pseudonym-key", file("k.key"), "--id-columns", "person_id", "--out", file("released.csv"), "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.seconds).toBeLessThan(60);
  });
  it("link", () => {
    const r = timed(["privacy", "link", "--release", file("release.csv"), "--registry", file("registry.csv"), "--truth", "person_id", "--json", file("link.json")]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(file("link.json"), "utf8")).records).toBe(100_000);
    expect(r.seconds).toBeLessThan(30);
  });
  it("release", () => {
    const r = timed(["privacy", "release", "--table", file("release.csv"), "--query", "count", "--query", "mean:tumour_volume_ml:0:100", "--query", "histogram:age:18,30,50,70,91", "--epsilon", "1"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).answers).toHaveLength(3);
    expect(r.seconds).toBeLessThan(30);
  });
});
