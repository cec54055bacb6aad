import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { inputError, usageError } from "../../../analysis/core/errors.js";
import { hasDicmMarker, naturalize, parsePart10, type DicomDataDict } from "./part10.js";

/** One DICOM file of a folder, parsed. */
export interface DicomInstance {
  path: string;
  meta: DicomDataDict;
  dict: DicomDataDict;
  /** keyword view of `dict` (shares its values). */
  ds: Record<string, any>;
  /** the file has a PixelData element (read only when the instance was not parsed header-only). */
  hasPixels: boolean;
  /** what runs past the end of a file cut short (only looked for when the instance was read in full). */
  truncated?: string;
}

/** The image instances of one SeriesInstanceUID. */
export interface SeriesGroup {
  seriesUid: string;
  instances: DicomInstance[];
  modality: string;
  description: string;
}

/** Every regular file under `dir`, recursively, in a stable (sorted) order. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...listFiles(path));
    else if (st.isFile()) out.push(path);
  }
  return out;
}

/**
 * Parses one file. Files dcmjs rejects are retried leniently (with a warning naming them); files
 * that still cannot be parsed are skipped with a warning. Never throws for a bad file.
 */
export function readInstance(
  path: string,
  warnings: string[],
  opts: { headerOnly?: boolean; notPart10?: string[] } = {},
): DicomInstance | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    warnings.push(`${path}: skipped, cannot be read (${(err as Error).message})`);
    return undefined;
  }
  if (!hasDicmMarker(bytes)) {
    opts.notPart10?.push(path); // not a Part 10 file (notes, thumbnails, raw ACR-NEMA data sets)
    return undefined;
  }
  try {
    const file = parsePart10(bytes, opts);
    if (file.repaired) {
      warnings.push(`${path}: malformed DICOM (${file.repaired}); read what could be parsed`);
    }
    const hasPixels = file.dict["7FE00010"] !== undefined;
    if (opts.headerOnly) delete file.dict["7FE00010"]; // the placeholder dcmjs leaves at the stop tag
    return { path, meta: file.meta, dict: file.dict, ds: naturalize(file.dict), hasPixels, truncated: file.truncated };
  } catch (err) {
    warnings.push(`${path}: skipped, not parseable as DICOM (${(err as Error).message})`);
    return undefined;
  }
}

/** Reads the header of every DICOM file under `dir` and groups the images by SeriesInstanceUID. */
export function scanDicomFolder(dir: string, warnings: string[]): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup>();
  const nonImage = new Map<string, number>();
  const notPart10: string[] = [];
  for (const path of listFiles(dir)) {
    const inst = readInstance(path, warnings, { headerOnly: true, notPart10 });
    if (!inst) continue;
    if (!inst.hasPixels) {
      const what = String(inst.ds.Modality ?? "non-image");
      nonImage.set(what, (nonImage.get(what) ?? 0) + 1);
      continue;
    }
    const uid = String(inst.ds.SeriesInstanceUID ?? "(no SeriesInstanceUID)");
    let g = groups.get(uid);
    if (!g) {
      g = { seriesUid: uid, instances: [], modality: String(inst.ds.Modality ?? ""), description: String(inst.ds.SeriesDescription ?? "") };
      groups.set(uid, g);
    }
    g.instances.push(inst);
  }
  for (const [what, count] of nonImage) warnings.push(`${dir}: ignored ${count} ${what} file(s) without pixel data`);
  if (notPart10.length) {
    warnings.push(
      `${dir}: skipped ${notPart10.length} file(s) that are not DICOM Part 10 (no "DICM" marker at byte 128), e.g. ${relative(dir, notPart10[0])}`,
    );
  }
  return [...groups.values()];
}

/** One line per series, for listings and usage errors. */
export const describeSeries = (g: SeriesGroup, dir: string): string =>
  `${g.seriesUid}  ${g.modality || "?"}  ${g.instances.length} file(s)  ${g.description ? `"${g.description}"  ` : ""}(${relative(dir, g.instances[0].path)})`;

/** The series `uid`, or the only series; several without a choice is a usage error listing them. */
export function selectSeries(groups: SeriesGroup[], dir: string, uid?: string): SeriesGroup {
  if (groups.length === 0) throw inputError("no DICOM image files found in this folder", dir);
  if (uid !== undefined) {
    const g = groups.find((x) => x.seriesUid === uid);
    if (!g) {
      throw inputError(`no series with SeriesInstanceUID ${uid}; the folder holds:\n  ${groups.map((x) => describeSeries(x, dir)).join("\n  ")}`, dir);
    }
    return g;
  }
  if (groups.length > 1) {
    throw usageError(
      `${dir} holds ${groups.length} DICOM series; choose one with --series UID:\n  ${groups.map((x) => describeSeries(x, dir)).join("\n  ")}`,
    );
  }
  return groups[0];
}
