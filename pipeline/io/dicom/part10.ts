import dcmjs from "dcmjs";
import type { DicomDataDict } from "dcmjs";

// dcmjs logs every malformed element to the console; our reader reports problems as warnings instead.
for (const logger of Object.values(dcmjs.log.getLoggers())) logger.setLevel("silent");
dcmjs.log.setLevel("silent");

export type { DicomDataDict };

/** One parsed Part 10 file: file meta group and data set, both keyed by tag ("0020000D"). */
export interface Part10File {
  meta: DicomDataDict;
  dict: DicomDataDict;
  /** set when the strict parse failed and the lenient one was used: says what went wrong. */
  repaired?: string;
}

const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** True when the bytes carry the Part 10 preamble marker "DICM" at offset 128. */
export const hasDicmMarker = (bytes: Uint8Array): boolean =>
  bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;

/**
 * Parses a Part 10 file strictly; when dcmjs rejects it (blank VRs, trailing padding, truncated
 * elements) it retries leniently, keeping every element read before the damage. Throws only when
 * even the lenient parse fails.
 */
export function parsePart10(bytes: Uint8Array): Part10File {
  const buffer = arrayBufferOf(bytes);
  try {
    const d = dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: false });
    return { meta: d.meta, dict: d.dict };
  } catch (strictError) {
    const d = dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: true });
    // An element with an empty or invalid VR is read as tag 00000000; it carries nothing.
    delete d.dict["00000000"];
    return { meta: d.meta, dict: d.dict, repaired: (strictError as Error).message };
  }
}

/** Attribute-keyword view of a data set ("PatientName" instead of "00100010"). */
export const naturalize = (dict: DicomDataDict): Record<string, any> =>
  dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict);

export const denaturalize = (ds: Record<string, any>): DicomDataDict =>
  dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);

/** Serialises a data set as a Part 10 file (explicit VR little endian unless the meta says otherwise). */
export function writePart10(meta: DicomDataDict, dict: DicomDataDict): Uint8Array {
  const out = new dcmjs.data.DicomDict(meta);
  out.dict = dict;
  return new Uint8Array(out.write());
}

/** The dictionary entry (VR, keyword) of a tag such as "(0010,0010)", when dcmjs knows it. */
export function dictionaryEntry(tag: string): { vr: string; name: string } | undefined {
  const t = `(${tag.slice(0, 4)},${tag.slice(4, 8)})`.toUpperCase();
  return dcmjs.data.DicomMetaDictionary.dictionary[t];
}
