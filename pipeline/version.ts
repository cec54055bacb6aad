import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** The repository root, whether running from source (vitest) or from dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, "package.json"));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error("package.json not found above " + fileURLToPath(import.meta.url));
}

let cached: string | undefined;
export function packageVersion(): string {
  cached ??= JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")).version as string;
  return cached!;
}
