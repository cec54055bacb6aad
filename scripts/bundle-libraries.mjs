// Part of `npm run build`, after tsc: each module below only re-exports a library; it is replaced in
// dist/ by one file holding the library, so a command resolves and loads one file instead of
// dozens or hundreds (measured in Node 20: @stdlib's math 66 → 11 ms). The source (and so the tests
// and the web app's own bundle) keeps importing the packages as they are. zod is bundled by
// bundle-cli.mjs instead, with the code that uses it, so that only what that code uses is kept.
import { renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = ["analysis/core/portableMath.js", "pipeline/settings/bundledYaml.js"];

for (const module of modules) {
  const file = join(root, "dist", module);
  const staged = `${file}.bundling.js`;
  await build({ input: file, cwd: root, platform: "node", logLevel: "warn", output: { file: staged, format: "esm" } });
  renameSync(staged, file);
}
