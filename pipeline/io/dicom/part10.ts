import { createRequire } from "node:module";
import type Dcmjs from "dcmjs";
import type { DicomDataDict } from "dcmjs";
import { findTruncation } from "./structureWalk.js";

/**
 * dcmjs, loaded on first use: every command reads images through the same code, and only a DICOM
 * input or output needs it. (Its CommonJS build: a synchronous reader cannot await an import.)
 */
let loaded: typeof Dcmjs | undefined;
function dcmjs(): typeof Dcmjs {
  if (!loaded) {
    loaded = createRequire(import.meta.url)("dcmjs") as typeof Dcmjs;
    // dcmjs logs every malformed element to the console; our reader reports problems as warnings instead.
    for (const logger of Object.values(loaded.log.getLoggers())) logger.setLevel("silent");
    loaded.log.setLevel("silent");
  }
  return loaded;
}

export type { DicomDataDict };

/** One parsed Part 10 file: file meta group and data set, both keyed by tag ("0020000D"). */
export interface Part10File {
  meta: DicomDataDict;
  dict: DicomDataDict;
  /** set when the strict parse failed and the lenient one was used, or bytes follow the pixel data: says what. */
  repaired?: string;
  /** set when an element the file declares runs past its end (the file was cut short): says which. */
  truncated?: string;
}

const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** True when the bytes carry the Part 10 preamble marker "DICM" at offset 128. */
export const hasDicmMarker = (bytes: Uint8Array): boolean =>
  bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;

/**
 * Parses a Part 10 file up to and including PixelData (anything after it, such as trailing padding,
 * is ignored and reported). When dcmjs rejects the file it retries leniently, keeping every element
 * read before the damage. Throws when the file is cut short before its pixel data, or when even the
 * lenient parse fails.
 */
export function parsePart10(bytes: Uint8Array, opts: { headerOnly?: boolean } = {}): Part10File {
  // An element whose declared length runs past the end of the file, before the pixels, is refused
  // here: dcmjs would try to read it (a wrong VR that turns text into a 800 MB length ran it out of
  // memory). A cut inside the pixel data leaves the header whole, and the image reader refuses it.
  const truncation = findTruncation(bytes);
  if (truncation && !truncation.inPixelData) throw new Error(`the file is cut short: ${truncation.message}`);
  const buffer = arrayBufferOf(bytes);
  // Header-only stops at PixelData (its key is still set, without a value), so a folder scan
  // does not hold every series' pixels in memory.
  const stop = { untilTag: "7FE00010", includeUntilTagValue: !opts.headerOnly };
  try {
    const d = dcmjs().data.DicomMessage.readFile(buffer, { ignoreErrors: false, ...stop });
    if (opts.headerOnly) return { meta: d.meta, dict: d.dict };
    // dcmjs reads a short PixelData without complaint (zero-filled to its declared length).
    return { meta: d.meta, dict: d.dict, repaired: bytesAfterPixelData(bytes), truncated: truncation?.message };
  } catch (strictError) {
    const d = dcmjs().data.DicomMessage.readFile(buffer, { ignoreErrors: true, ...stop });
    // An element with an empty or invalid VR is read as tag 00000000; it carries nothing.
    delete d.dict["00000000"];
    return { meta: d.meta, dict: d.dict, repaired: (strictError as Error).message };
  }
}

/**
 * Describes bytes after the top-level PixelData element (e.g. brain_001.dcm's 2.5 MB of zeros,
 * which dcmjs would otherwise read as endless blank-VR elements), or undefined when there are none.
 */
function bytesAfterPixelData(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = b.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  if (at < 0 || at + 12 > b.length) return undefined;
  const vr = b.toString("latin1", at + 4, at + 6);
  const explicit = vr === "OW" || vr === "OB";
  const length = explicit ? b.readUInt32LE(at + 8) : b.readUInt32LE(at + 4);
  if (length === 0xffffffff) return undefined; // encapsulated: ends with a delimiter, not a length
  const end = at + (explicit ? 12 : 8) + length;
  if (end >= b.length) return undefined;
  const extra = b.length - end;
  const zeros = b.subarray(end).every((x) => x === 0);
  return `${extra} ${zeros ? "bytes of zero padding" : "unexpected bytes"} after the pixel data ignored`;
}

/** Attribute-keyword view of a data set ("PatientName" instead of "00100010"). */
export const naturalize = (dict: DicomDataDict): Record<string, any> =>
  dcmjs().data.DicomMetaDictionary.naturalizeDataset(dict);

export const denaturalize = (ds: Record<string, any>): DicomDataDict =>
  dcmjs().data.DicomMetaDictionary.denaturalizeDataset(ds);

/** Serialises a data set as a Part 10 file (explicit VR little endian unless the meta says otherwise). */
export function writePart10(meta: DicomDataDict, dict: DicomDataDict): Uint8Array {
  const { DicomDict } = dcmjs().data;
  const out = new DicomDict(meta);
  out.dict = dict;
  return new Uint8Array(out.write());
}

/** The dictionary entry (VR, keyword) of a tag such as "(0010,0010)", when dcmjs knows it. */
export function dictionaryEntry(tag: string): { vr: string; name: string } | undefined {
  const t = `(${tag.slice(0, 4)},${tag.slice(4, 8)})`.toUpperCase();
  return dcmjs().data.DicomMetaDictionary.dictionary[t];
}
