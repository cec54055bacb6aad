import { deflateRawSync, gzipSync } from "node:zlib";
import { gz } from "../base.js";
import { expect, flipBytes, randomInt, replaceFiles, type Expect, type MutationContext } from "../caseList.js";

/** A gzip member holding `bytes` zeros, made once: the bombs repeat it. */
let zeroMember: Uint8Array | undefined;
const zeros = (): Uint8Array => (zeroMember ??= gzipSync(new Uint8Array(16 << 20), { level: 9 }));

/**
 * A gzip bomb: a member holding a valid NIfTI header and the first voxels, then `members` members of
 * 16 MiB of zeros each (a valid multi-member gzip stream, RFC 1952): megabytes on disk, gigabytes inflated.
 */
export function gzipBomb(header: Uint8Array, members: number): Uint8Array {
  const parts: Uint8Array[] = [gzipSync(header)];
  for (let n = 0; n < members; n++) parts.push(zeros());
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * .nii.gz files whose gzip layer is hostile: bombs, trailing garbage and extra members, broken CRC
 * and length trailers, truncated and corrupted deflate streams, header flags, double compression.
 */
export function gzipCases(ctx: MutationContext): void {
  const { phantom } = ctx.bases;
  const raw = phantom.niftiRaw;
  const add = (mutation: string, bytes: Uint8Array, expectation: Expect) =>
    ctx.list.add({
      reader: "nifti-gzip",
      mutation,
      base: "phantom",
      role: "image",
      target: "image.nii.gz",
      files: () => replaceFiles(phantom.files, ["image.nii.gz"], { "image.nii.gz": bytes }),
      expect: expectation,
    });
  const good = gz(raw);

  // bombs: the header declares 32³ int16; the stream goes on for 1.5 GB and 6 GB of zeros
  add("bomb", gzipBomb(raw, 96), expect.error);
  add("bomb", gzipBomb(raw.subarray(0, 352), 384), expect.error);
  // a second member after a complete image, or trailing garbage
  add("extra-member", new Uint8Array(Buffer.concat([good, gzipSync(new Uint8Array(100))])), expect.error);
  add("trailing-garbage", new Uint8Array(Buffer.concat([good, Buffer.from("garbage after the stream")])), expect.error);
  add("trailing-zeros", new Uint8Array(Buffer.concat([good, new Uint8Array(512)])), expect.same); // padding (tapes, block devices): gzip ignores it too

  // the trailer: CRC32 and ISIZE
  for (let n = 1; n <= 8; n++) {
    const b = good.slice();
    b[b.length - n] ^= 0x5a;
    add(n <= 4 ? "broken-isize" : "broken-crc", b, expect.error);
  }
  for (const cut of [1, 4, 7, 8]) add("missing-trailer", good.subarray(0, good.length - cut), expect.error);

  // truncated streams: inside the gzip header, the deflate data, right after the NIfTI header
  for (const cut of [0, 1, 2, 9, 10, 20, 100, 300]) add("truncated", good.subarray(0, cut), expect.error);
  for (let n = 1; n <= 10; n++) add("truncated", good.subarray(0, Math.floor((good.length * n) / 11)), expect.error);
  add("header-only", gz(raw.subarray(0, 352)), expect.error);

  // corrupted deflate data: an error, or (rarely) another valid stream
  for (let n = 0; n < 30; n++) add("deflate-bytes", flipBytes(good, ctx.random, randomInt(ctx.random, 1, 3), 10, good.length - 8), expect.either);

  // valid variants: header fields (FNAME, FCOMMENT, FEXTRA, FHCRC), stored blocks, other levels
  add("level-0", gzipSync(raw, { level: 0 }), expect.same);
  add("level-9", gzipSync(raw, { level: 9 }), expect.same);
  add("header-fields", withHeaderFields(raw), expect.same);
  // the magic of a different layer
  add("double-gzip", gzipSync(good), expect.error);
  add("raw-deflate", deflateRawSync(raw), expect.error);
  add("empty-gzip", gzipSync(new Uint8Array(0)), expect.error);
}

/** A gzip member with FEXTRA, FNAME and FCOMMENT fields and a header CRC (FHCRC), as RFC 1952 allows. */
function withHeaderFields(data: Uint8Array): Uint8Array {
  const deflated = deflateRawSync(data);
  const plain = gzipSync(data);
  const trailer = plain.subarray(plain.length - 8); // CRC32 and ISIZE of the data
  const extra = Buffer.from([0x41, 0x42, 4, 0, 1, 2, 3, 4]); // subfield "AB", 4 bytes
  const head = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3]),
    Buffer.from([extra.length, 0]),
    extra,
    Buffer.from("image.nii\0", "latin1"),
    Buffer.from("a comment\0", "latin1"),
  ]);
  const crc = crc32(head) & 0xffff;
  return new Uint8Array(Buffer.concat([head, Buffer.from([crc & 0xff, crc >> 8]), deflated, trailer]));
}

/** CRC-32 (IEEE), for the gzip header CRC. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
