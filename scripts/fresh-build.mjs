// The CLI tests and the worker pool run the compiled dist/, so a test run must never see a stale
// build: `vitest` (npm test, or npx vitest run) rebuilds first whenever a source file is newer
// than its compiled file, or has none.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** The folders tsconfig.json compiles into dist/. */
export const SOURCE_FOLDERS = ["pipeline", "masks", "analysis", "fixtures", "bench"];

function sources(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Source files whose compiled dist/ file is missing or older than they are. */
export function staleSources(root, folders = SOURCE_FOLDERS) {
  return folders
    .flatMap((f) => sources(join(root, f)))
    .filter((ts) => {
      const js = join(root, "dist", relative(root, ts)).replace(/\.ts$/, ".js");
      return !existsSync(js) || statSync(js).mtimeMs < statSync(ts).mtimeMs;
    })
    .map((ts) => relative(root, ts));
}

/** Rebuilds when anything is stale; returns what was stale. `build` defaults to the package's build script. */
export function ensureFreshBuild(root, { folders = SOURCE_FOLDERS, build = ["npm", ["run", "build", "--silent"]] } = {}) {
  const stale = staleSources(root, folders);
  if (stale.length) {
    process.stderr.write(`rebuilding dist/: ${stale.length} source file(s) changed since the last build (${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ", ..." : ""})\n`);
    execFileSync(build[0], build[1], { cwd: root, stdio: "inherit" });
  }
  return stale;
}
