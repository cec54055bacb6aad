// Part of `npm run build`, after tsc and bundle-libraries.mjs: the CLI's entry (dist/pipeline/cli/main.js)
// and the worker threads' (dist/pipeline/pool/worker.js) are replaced by bundles of the project's
// own modules, split where the code imports lazily (each command, vega's charts, DICOM, ...) into
// chunks in dist/pipeline/chunks/. A command then loads a dozen files instead of some 170 (about
// 60 ms of every call, a tenth of a small `features`). Packages stay external, loaded from
// node_modules as before, except zod: bundled here with the code that uses it, only the parts that
// code uses are kept (its 40-odd locales, 460 KB of the 645 KB a whole copy takes, are not), which
// saves about 25 ms of every command. The other files of dist/ (the bench, the fuzz runner) stay as
// tsc wrote them.
import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const staging = join(dist, ".bundle-staging");
const entries = { "pipeline/cli/main": "pipeline/cli/main.js", "pipeline/pool/worker": "pipeline/pool/worker.js" };

rmSync(staging, { recursive: true, force: true });
await build({
  input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(dist, file)])),
  cwd: root,
  platform: "node",
  logLevel: "warn",
  // bare specifiers (packages, node: builtins) stay imports, but zod; relative ones are the project's and are bundled
  external: (id) => id !== "zod" && !id.startsWith(".") && !id.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(id),
  output: {
    dir: staging,
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "pipeline/chunks/[name]-[hash].js",
    // zod's parts in one chunk named for it (one copy of its classes; the start-up test looks for it)
    codeSplitting: { groups: [{ name: "zod", test: /[\\/]node_modules[\\/]zod[\\/]/ }] },
  },
});
const chunks = join(dist, "pipeline", "chunks");
rmSync(chunks, { recursive: true, force: true });
if (existsSync(join(staging, "pipeline", "chunks"))) renameSync(join(staging, "pipeline", "chunks"), chunks);
for (const file of Object.values(entries)) renameSync(join(staging, file), join(dist, file));
rmSync(staging, { recursive: true, force: true });
