// Part of `npm run build`, after tsc and bundle-libraries.mjs: the CLI's entry (dist/pipeline/cli/main.js)
// and the worker threads' (dist/pipeline/pool/worker.js) are replaced by bundles of the project's
// own modules, split where the code imports lazily (each command, vega's charts, DICOM, ...) into
// chunks in dist/pipeline/chunks/. A command then loads a dozen files instead of some 170 (about
// 60 ms of every call, a tenth of a small `features`). Packages stay external, loaded from
// node_modules as before, except two that are bundled here with the code that uses them, each into
// one chunk named for it:
// - zod: only the parts the settings use are kept (its 40-odd locales, 460 KB of the 645 KB a whole
//   copy takes, are not), about 25 ms less for every command;
// - vega and vega-lite, with their vega-* and d3-* packages: one file of 1.9 MB loads in about 60 ms
//   where their few hundred modules took 150-170 ms, for every command that draws a chart.
// The other files of dist/ (the bench, the fuzz runner) stay as tsc wrote them.
import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const staging = join(dist, ".bundle-staging");
const VEGA_MODULE = /[\\/]node_modules[\\/](vega|d3-)/;
/** zod; vega, vega-lite and whatever their modules import (their vega-* and d3-* packages, and a few small ones). */
const bundled = (id, importer) => id === "zod" || id === "vega" || id === "vega-lite" || (importer !== undefined && VEGA_MODULE.test(importer));
const entries = { "pipeline/cli/main": "pipeline/cli/main.js", "pipeline/pool/worker": "pipeline/pool/worker.js" };

rmSync(staging, { recursive: true, force: true });
await build({
  input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(dist, file)])),
  cwd: root,
  platform: "node",
  logLevel: "warn",
  // bare specifiers (packages, node: builtins) stay imports, but the bundled packages; relative ones are the project's and are bundled
  external: (id, importer) => !id.startsWith(".") && !id.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(id) && !bundled(id, importer),
  output: {
    dir: staging,
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "pipeline/chunks/[name]-[hash].js",
    // each bundled package in one chunk named for it (one copy of its classes; the start-up test looks for them)
    codeSplitting: { groups: [{ name: "zod", test: /[\\/]node_modules[\\/]zod[\\/]/ }, { name: "vega", test: VEGA_MODULE }] },
  },
});
const chunks = join(dist, "pipeline", "chunks");
rmSync(chunks, { recursive: true, force: true });
if (existsSync(join(staging, "pipeline", "chunks"))) renameSync(join(staging, "pipeline", "chunks"), chunks);
for (const file of Object.values(entries)) renameSync(join(staging, file), join(dist, file));
rmSync(staging, { recursive: true, force: true });
