/**
 * A walk over a Part 10 file's element structure, lengths only, no values decoded: it tells whether
 * every element, item and sequence the file declares ends inside the file. dcmjs's strict parse
 * accepts a file whose last value is a few bytes short (it reads what is there); for a structure set
 * that silently loses the end of a contour, so its reader asks this walk before trusting a parse.
 */

const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;

/** VRs whose explicit-VR header has two reserved bytes and a 32-bit length (PS3.5 table 7.1-1). */
const LONG_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);

const IMPLICIT_LITTLE = "1.2.840.10008.1.2";
/** Transfer syntaxes whose data set is not plain little-endian elements: the walk does not apply. */
const NOT_WALKABLE = new Set(["1.2.840.10008.1.2.2" /* explicit big endian */, "1.2.840.10008.1.2.1.99" /* deflated */]);

class Truncated extends Error {}

interface Cursor {
  bytes: Uint8Array;
  view: DataView;
  at: number;
  /** the top-level element being walked (its header read). */
  topTag?: number;
}

const hex = (tag: number): string => {
  const s = tag.toString(16).toUpperCase().padStart(8, "0");
  return `(${s.slice(0, 4)},${s.slice(4)})`;
};

function need(c: Cursor, n: number, what: string): void {
  const left = c.bytes.length - c.at;
  if (n > left) throw new Truncated(`${what} at byte ${c.at} needs ${n} bytes, the file has ${left} left`);
}

const tagAt = (c: Cursor): number => ((c.view.getUint16(c.at, true) << 16) | c.view.getUint16(c.at + 2, true)) >>> 0;

/** Reads one element header; returns its tag, VR ("" when implicit) and value length. */
function header(c: Cursor, implicit: boolean): { tag: number; vr: string; length: number } {
  need(c, 8, "an element header");
  const tag = tagAt(c);
  // Item and delimiter tags never carry a VR, whatever the transfer syntax.
  if (implicit || tag === ITEM || tag === ITEM_END || tag === SEQUENCE_END) {
    const length = c.view.getUint32(c.at + 4, true);
    c.at += 8;
    return { tag, vr: "", length };
  }
  const vr = String.fromCharCode(c.bytes[c.at + 4], c.bytes[c.at + 5]);
  if (LONG_VRS.has(vr)) {
    need(c, 12, `the header of ${hex(tag)}`);
    const length = c.view.getUint32(c.at + 8, true);
    c.at += 12;
    return { tag, vr, length };
  }
  const length = c.view.getUint16(c.at + 6, true);
  c.at += 8;
  return { tag, vr, length };
}

/** Walks the items of a sequence (or encapsulated pixel fragments) of undefined length, up to its delimiter. */
function walkUndefinedSequence(c: Cursor, owner: number, implicit: boolean): void {
  for (;;) {
    const start = c.at;
    const h = header(c, true);
    if (h.tag === SEQUENCE_END) return;
    if (h.tag !== ITEM) throw new Truncated(`${hex(owner)} holds ${hex(h.tag)} at byte ${start} where an item or its end belongs`);
    if (h.length === UNDEFINED) walkElements(c, implicit, ITEM_END);
    else skip(c, h.length, `an item of ${hex(owner)}`);
  }
}

function skip(c: Cursor, length: number, what: string): void {
  need(c, length, `the value of ${what}`);
  c.at += length;
}

/**
 * Walks elements until `until` (an item's end) or, at top level, the end of the file. At top level
 * it stops just after PixelData: bytes after it are padding the parser reports on its own.
 */
function walkElements(c: Cursor, implicit: boolean, until?: number): void {
  while (until !== undefined || c.at < c.bytes.length) {
    const h = header(c, implicit);
    if (until === undefined) c.topTag = h.tag;
    if (h.tag === until) return;
    if (h.length === UNDEFINED) {
      // An undefined length is a sequence, an encapsulated pixel data or an implicit-VR UN sequence.
      walkUndefinedSequence(c, h.tag, h.vr === "UN" ? true : implicit);
    } else {
      skip(c, h.length, hex(h.tag));
    }
    if (until === undefined && h.tag === PIXEL_DATA) return;
  }
}

export interface Truncation {
  /** what is cut off and where, e.g. "the value of (7FE0,0010) at byte 1842 needs 131072 bytes, the file has 131071 left". */
  message: string;
  /** the cut falls inside the top-level PixelData value: everything before it is whole. */
  inPixelData: boolean;
}

/**
 * Undefined when every element the file declares ends inside it; otherwise what is cut off and where.
 * Only little-endian, non-deflated files are walked (the others are left to the parser).
 */
export function findTruncation(bytes: Uint8Array): Truncation | undefined {
  const c: Cursor = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at: 132 };
  try {
    // File meta group: always explicit VR little endian.
    let transferSyntax = "";
    while (c.at + 8 <= bytes.length && c.view.getUint16(c.at, true) === 0x0002) {
      const tag = tagAt(c);
      const h = header(c, false);
      need(c, h.length, `the value of ${hex(h.tag)}`);
      if (tag === 0x00020010) transferSyntax = new TextDecoder("latin1").decode(bytes.subarray(c.at, c.at + h.length)).replace(/[\0 ]+$/, "");
      c.at += h.length;
    }
    if (NOT_WALKABLE.has(transferSyntax)) return undefined;
    walkElements(c, transferSyntax === IMPLICIT_LITTLE);
    return undefined;
  } catch (err) {
    if (err instanceof Truncated) return { message: err.message, inPixelData: c.topTag === PIXEL_DATA };
    throw err;
  }
}
