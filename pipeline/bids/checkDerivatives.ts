import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DESCRIPTION_FILE } from "./derivativesDataset.js";
import { entity, entityOrderProblem, parseBidsName } from "./entities.js";

/**
 * The structural check of a derivatives dataset written by `bids` (what a BIDS validator would say
 * about it, for the parts we write): dataset_description.json with DatasetType derivative and
 * GeneratedBy; below sub-<l>/[ses-<l>/]anat/ only BIDS names, entities in the specification's order
 * and agreeing with the folders; a JSON sidecar beside every image and table, and a table's sidecar
 * describing exactly its columns. Folders BIDS has no name for (sub-<l>/log/, group/, code/) are not
 * judged. Returns the problems, one line each naming the file; none when the dataset is sound.
 */
export function derivativesProblems(outDir: string): string[] {
  const problems: string[] = [];
  const descriptionPath = join(outDir, DESCRIPTION_FILE);
  if (!existsSync(descriptionPath)) return [`${DESCRIPTION_FILE}: missing`];
  try {
    const d = JSON.parse(readFileSync(descriptionPath, "utf8")) as { DatasetType?: string; BIDSVersion?: string; GeneratedBy?: { Name?: string }[] };
    if (d.DatasetType !== "derivative") problems.push(`${DESCRIPTION_FILE}: DatasetType is ${JSON.stringify(d.DatasetType)}, not "derivative"`);
    if (!d.BIDSVersion) problems.push(`${DESCRIPTION_FILE}: no BIDSVersion`);
    if (!d.GeneratedBy?.[0]?.Name) problems.push(`${DESCRIPTION_FILE}: no GeneratedBy with a Name`);
  } catch (err) {
    problems.push(`${DESCRIPTION_FILE}: not valid JSON (${(err as Error).message})`);
  }
  for (const subject of readdirSync(outDir).filter((n) => n.startsWith("sub-")).sort()) {
    for (const file of filesBelow(join(outDir, subject), subject)) {
      const parts = file.split("/");
      if (parts[1] === "log") continue;
      problems.push(...fileProblems(outDir, file, parts));
    }
  }
  return problems;
}

function fileProblems(outDir: string, file: string, parts: string[]): string[] {
  const name = parseBidsName(parts[parts.length - 1]);
  if (!name) return [`${file}: not a BIDS file name (entities, suffix, extension)`];
  const problems: string[] = [];
  const order = entityOrderProblem(name.entities);
  if (order) problems.push(`${file}: ${order}`);
  const folders = parts.slice(0, -1);
  const session = entity(name.entities, "ses");
  const expected = [`sub-${entity(name.entities, "sub")}`, ...(session === undefined ? [] : [`ses-${session}`]), "anat"];
  if (folders.join("/") !== expected.join("/")) problems.push(`${file}: belongs in ${expected.join("/")}/`);
  if (name.extension === ".nii.gz" || name.extension === ".nii" || name.extension === ".tsv") {
    const sidecar = join(outDir, file.replace(/(\.nii\.gz|\.nii|\.tsv)$/, ".json"));
    if (!existsSync(sidecar)) problems.push(`${file}: no JSON sidecar`);
    else if (name.extension === ".tsv") {
      const header = readFileSync(join(outDir, file), "utf8").split("\n", 1)[0].split("\t");
      const described = Object.keys(JSON.parse(readFileSync(sidecar, "utf8")) as Record<string, unknown>);
      if (described.join("\t") !== header.join("\t")) problems.push(`${file}: its sidecar describes ${described.join(", ")}, the table has ${header.join(", ")}`);
    }
  }
  return problems;
}

/** Files below `dir`, as paths starting with `prefix` and separated by "/". */
function filesBelow(dir: string, prefix: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...filesBelow(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}
