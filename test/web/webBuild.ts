import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../pipeline/version.js";

/** What the web app is built from: its own files and the CLI's source it bundles. */
const INPUTS = ["web/src", "web/index.html", "web/vite.config.ts", "pipeline", "analysis", "masks", "package-lock.json"];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** web/dist/index.html, rebuilt (npm run build:web) when any of its sources is newer. */
export function ensureWebBuild(): string {
  const root = projectRoot();
  const page = join(root, "web", "dist", "index.html");
  const built = existsSync(page) ? statSync(page).mtimeMs : 0;
  if (built < Math.max(...INPUTS.map((p) => newest(join(root, p))))) {
    process.stderr.write("building the web app (npm run build:web)...\n");
    execFileSync("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  }
  return page;
}
