import { readFileSync } from "node:fs";
import { denaturalize, naturalize, parsePart10, writePart10, type DicomDataDict } from "../pipeline/io/dicom/part10.js";

/**
 * Edits of a DICOM Part 10 file for the fuzz corpus: by attribute (parsed with dcmjs, changed, written
 * again) or by bytes (an element's VR or value bytes located in the file).
 */
export interface ParsedDicom {
  meta: DicomDataDict;
  dict: DicomDataDict;
}

export function parseDicom(path: string): ParsedDicom {
  const file = parsePart10(new Uint8Array(readFileSync(path)));
  return { meta: file.meta, dict: file.dict };
}

/** Writes a (changed) data set back as Part 10 bytes. */
export const writeDicom = (d: ParsedDicom): Uint8Array => writePart10(d.meta, d.dict);

/** A deep enough copy to edit one case without touching the others (pixel buffers are shared, never edited in place). */
export function cloneDicom(d: ParsedDicom): ParsedDicom {
  const copy = (dict: DicomDataDict): DicomDataDict => {
    const out: DicomDataDict = {};
    for (const [tag, el] of Object.entries(dict)) {
      const value = Array.isArray(el.Value) ? el.Value.map((v: unknown) => (isDict(v) ? copy(v as DicomDataDict) : v)) : el.Value;
      out[tag] = { ...el, Value: value };
    }
    return out;
  };
  return { meta: copy(d.meta), dict: copy(d.dict) };
}

const isDict = (v: unknown): boolean => typeof v === "object" && v !== null && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer) && !Array.isArray(v);

/** Sets (or with `value` undefined, deletes) an element by tag, e.g. "00280010". */
export function setElement(dict: DicomDataDict, tag: string, vr: string, value: unknown[] | undefined): void {
  if (value === undefined) delete dict[tag];
  else dict[tag] = { vr, Value: value };
}

/**
 * Edits the keyword view of a data set (sequences included) and stores it back. The view is of a
 * copy: an edit in place (e.g. of a ContourData array) never reaches the base the other cases share.
 */
export function editNatural(d: ParsedDicom, edit: (ds: Record<string, any>) => void): ParsedDicom {
  const ds = naturalize(cloneDicom(d).dict);
  edit(ds);
  const dict = denaturalize(ds);
  // dcmjs needs the pixel VR spelled out
  if (dict["7FE00010"]) dict["7FE00010"].vr = d.dict["7FE00010"]?.vr ?? "OW";
  return { meta: d.meta, dict };
}

/**
 * Offset of an explicit-VR little-endian element's tag in the file (the first occurrence after the
 * 132-byte preamble and marker), or -1.
 */
export function findElement(bytes: Uint8Array, tag: string): number {
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4, 8), 16);
  const needle = Buffer.from([group & 0xff, group >> 8, element & 0xff, element >> 8]);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, 132);
}

/** Where the top-level PixelData value starts (after its 12-byte explicit-VR header), or -1. */
export function pixelDataStart(bytes: Uint8Array): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = b.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  return at < 0 ? -1 : at + 12;
}
