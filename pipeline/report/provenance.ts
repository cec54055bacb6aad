import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { packageVersion, projectRoot } from "../version.js";
import type { SoftwareVersions } from "./software.js";

/** What produced a report, for the CLI: our version, Node's, and the exact versions of our dependencies. */
export function softwareVersions(): SoftwareVersions {
  const root = projectRoot();
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const dependencies: Record<string, string> = {};
  for (const name of Object.keys(pkg.dependencies ?? {}).sort()) {
    try {
      dependencies[name] = (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      dependencies[name] = "not installed";
    }
  }
  return { deface_impact: packageVersion(), node: process.version, dependencies };
}

export interface InputRecord {
  role: string;
  path: string;
  bytes: number;
  sha256: string;
}

/** SHA-256 of an input file, or of every file in an input folder (a DICOM series) in name order. */
export function hashInput(role: string, path: string): InputRecord {
  const hash = createHash("sha256");
  let bytes = 0;
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
    } else {
      const data = readFileSync(p);
      bytes += data.length;
      hash.update(data);
    }
  };
  visit(path);
  return { role, path, bytes, sha256: hash.digest("hex") };
}
