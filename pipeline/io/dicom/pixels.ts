import { inputError } from "../../../analysis/core/errors.js";

/** Transfer syntaxes whose pixel data dcmjs hands us as plain little-endian samples. */
const NATIVE_SYNTAXES: Record<string, string> = {
  "1.2.840.10008.1.2": "Implicit VR Little Endian",
  "1.2.840.10008.1.2.1": "Explicit VR Little Endian",
  "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian",
};

/** Names of the common syntaxes we cannot decode, so the error message says what the file is. */
const KNOWN_SYNTAXES: Record<string, string> = {
  "1.2.840.10008.1.2.2": "Explicit VR Big Endian (retired)",
  "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
  "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
  "1.2.840.10008.1.2.4.57": "JPEG Lossless, Non-Hierarchical (Process 14)",
  "1.2.840.10008.1.2.4.70": "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)",
  "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
  "1.2.840.10008.1.2.4.81": "JPEG-LS Lossy (Near-Lossless)",
  "1.2.840.10008.1.2.4.90": "JPEG 2000 Image Compression (Lossless Only)",
  "1.2.840.10008.1.2.4.91": "JPEG 2000 Image Compression",
  "1.2.840.10008.1.2.4.201": "High-Throughput JPEG 2000 (Lossless Only)",
  "1.2.840.10008.1.2.4.203": "High-Throughput JPEG 2000",
  "1.2.840.10008.1.2.5": "RLE Lossless",
  "1.2.840.10008.1.2.4.100": "MPEG2 Main Profile / Main Level",
  "1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264 High Profile",
};

/** Fails with an input error naming the transfer syntax unless we can decode its pixel data. */
export function assertDecodableSyntax(uid: string | undefined, path: string): void {
  const syntax = uid ?? "1.2.840.10008.1.2";
  if (NATIVE_SYNTAXES[syntax]) return;
  const name = KNOWN_SYNTAXES[syntax] ?? "unknown transfer syntax";
  throw inputError(
    `pixel data uses transfer syntax ${syntax} (${name}), which deface-impact cannot decode; ` +
      "convert the series to an uncompressed syntax first (e.g. `dcmdjpeg` or `gdcmconv --raw`)",
    path,
  );
}

/** How stored samples are laid out (Image Pixel module attributes). */
export interface PixelFormat {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  samplesPerPixel: number;
}

export function pixelFormatOf(ds: Record<string, any>, path: string): PixelFormat {
  const fmt: PixelFormat = {
    rows: Number(ds.Rows),
    columns: Number(ds.Columns),
    bitsAllocated: Number(ds.BitsAllocated),
    bitsStored: Number(ds.BitsStored ?? ds.BitsAllocated),
    pixelRepresentation: Number(ds.PixelRepresentation ?? 0),
    samplesPerPixel: Number(ds.SamplesPerPixel ?? 1),
  };
  const validSize = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535; // US: 16 bits
  if (!validSize(fmt.rows) || !validSize(fmt.columns)) {
    throw inputError(`missing or invalid Rows/Columns (${ds.Rows ?? "missing"} x ${ds.Columns ?? "missing"}; whole numbers from 1 to 65535)`, path);
  }
  if (fmt.samplesPerPixel !== 1) {
    throw inputError(`SamplesPerPixel is ${fmt.samplesPerPixel}: only greyscale images (1 sample) are supported`, path);
  }
  if (![8, 16, 32].includes(fmt.bitsAllocated)) {
    throw inputError(`BitsAllocated ${fmt.bitsAllocated} is not supported (8, 16 or 32)`, path);
  }
  if (![0, 1].includes(fmt.pixelRepresentation)) throw inputError(`PixelRepresentation ${ds.PixelRepresentation} is neither 0 (unsigned) nor 1 (signed)`, path);
  if (!(Number.isInteger(fmt.bitsStored) && fmt.bitsStored >= 1 && fmt.bitsStored <= fmt.bitsAllocated)) {
    throw inputError(`BitsStored ${fmt.bitsStored} is inconsistent with BitsAllocated ${fmt.bitsAllocated}`, path);
  }
  return fmt;
}

/** Bytes of the PixelData element (0 when absent), without joining its parts. */
export function pixelDataLength(ds: Record<string, any>): number {
  const value = ds.PixelData;
  if (value === undefined || value === null) return 0;
  const parts: ArrayBuffer[] = Array.isArray(value) ? value : [value];
  return parts.reduce((n, p) => n + (p?.byteLength ?? 0), 0);
}

/** The PixelData element's bytes, joined when dcmjs split them into several buffers. */
export function pixelBytes(ds: Record<string, any>, path: string): Uint8Array {
  const value = ds.PixelData;
  if (value === undefined) throw inputError("no PixelData element (not an image?)", path);
  const parts: ArrayBuffer[] = Array.isArray(value) ? value : [value];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Stored values of one frame: samples masked to BitsStored and, for signed data, sign-extended
 * from bit BitsStored-1 (bits above it may hold overlays or garbage).
 */
export function decodeFrame(bytes: Uint8Array, fmt: PixelFormat, frame: number, path: string): Int32Array | Float64Array {
  const n = fmt.rows * fmt.columns;
  const bpp = fmt.bitsAllocated / 8;
  const start = frame * n * bpp;
  if (start + n * bpp > bytes.length) {
    throw inputError(
      `pixel data too short: frame ${frame + 1} needs bytes ${start}..${start + n * bpp} but only ${bytes.length} are present`,
      path,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, n * bpp);
  const signed = fmt.pixelRepresentation === 1;
  const shift = 32 - fmt.bitsStored;
  // Stored values up to 32 bits unsigned do not fit Int32: keep those in Float64.
  const out = fmt.bitsStored === 32 && !signed ? new Float64Array(n) : new Int32Array(n);
  for (let p = 0; p < n; p++) {
    let raw: number;
    if (bpp === 1) raw = view.getUint8(p);
    else if (bpp === 2) raw = view.getUint16(2 * p, true);
    else raw = view.getUint32(4 * p, true);
    // Keep the low BitsStored bits, then sign-extend or zero-extend.
    out[p] = signed ? (raw << shift) >> shift : shift === 0 ? raw >>> 0 : ((raw << shift) >>> shift);
  }
  return out;
}
