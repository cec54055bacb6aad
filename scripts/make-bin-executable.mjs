// tsc writes files without the execute bit; the package's bin must have it, or `npx deface-impact`
// answers "Permission denied" on a fresh clone. Runs after every build.
import { chmodSync, readFileSync, statSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const bins = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
for (const bin of bins) {
  const path = new URL(`../${bin}`, import.meta.url);
  chmodSync(path, statSync(path).mode | 0o111);
}
