import { createHash } from "node:crypto";
import * as nodePath from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createHash as webHash } from "../../web/src/platform/crypto.js";
import { createRequire as webRequire } from "../../web/src/platform/module.js";
import { constants as webBufferConstants } from "../../web/src/platform/nodeBuffer.js";
import * as fs from "../../web/src/platform/fs.js";
import * as path from "../../web/src/platform/path.js";
import { gunzipSync, gzipSync as webGzip } from "../../web/src/platform/zlib.js";

/** The web app's counterparts of the Node modules the readers call behave as those modules do. */
describe("the web app's platform modules", () => {
  it("path: POSIX rules as node:path, with the working folder at /", () => {
    const cases = ["a/b/../c", "/a//b/./c/", "../x", ".", "", "a/..", "/..", "series/IM1.dcm", "/x/y/"];
    for (const p of cases) {
      expect(path.normalize(p), p).toBe(nodePath.posix.normalize(p));
      expect(path.dirname(p), p).toBe(nodePath.posix.dirname(p));
      expect(path.basename(p), p).toBe(nodePath.posix.basename(p));
      expect(path.extname(p), p).toBe(nodePath.posix.extname(p));
      expect(path.isAbsolute(p), p).toBe(nodePath.posix.isAbsolute(p));
    }
    expect(path.basename("/a/image.nii.gz", ".gz")).toBe("image.nii");
    expect(path.join("series", "..", "x", "IM1.dcm")).toBe("x/IM1.dcm");
    expect(path.join("", "")).toBe(".");
    expect(path.resolve("ct.nii.gz")).toBe("/ct.nii.gz");
    expect(path.resolve("a/b", "../c")).toBe("/a/c");
    expect(path.resolve("a", "/b", "c/")).toBe("/b/c");
    expect(path.relative("/dicom", "/dicom/sub/IM1.dcm")).toBe(nodePath.posix.relative("/dicom", "/dicom/sub/IM1.dcm"));
    expect(path.relative("/a/b", "/a/c/d")).toBe("../c/d");
  });

  it("fs: the dropped files as a read-only file system, with Node's error codes", () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5]);
    fs.mountFiles([
      { path: "ct.nii.gz", bytes },
      { path: "series/b.dcm", bytes: Uint8Array.of(9) },
      { path: "series/sub/a.dcm", bytes: Uint8Array.of(8) },
    ]);
    expect(fs.statSync("ct.nii.gz")!.isFile()).toBe(true);
    expect(fs.statSync("./series")!.isDirectory()).toBe(true);
    expect(fs.statSync("missing", { throwIfNoEntry: false })).toBeUndefined();
    expect(() => fs.statSync("missing")).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(fs.existsSync("/series/sub/a.dcm")).toBe(true);
    expect(fs.readdirSync("series")).toEqual(["b.dcm", "sub"]);
    expect(() => fs.readdirSync("ct.nii.gz")).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
    expect(() => fs.readFileSync("series")).toThrow(expect.objectContaining({ code: "EISDIR" }));
    expect([...(fs.readFileSync("ct.nii.gz") as Uint8Array)]).toEqual([1, 2, 3, 4, 5]);
    const fd = fs.openSync("ct.nii.gz");
    const start = new Uint8Array(8);
    expect(fs.readSync(fd, start, 0, 8, 0)).toBe(5);
    expect([...start.subarray(0, 5)]).toEqual([1, 2, 3, 4, 5]);
    fs.closeSync(fd);
    expect(() => fs.writeFileSync("out.csv")).toThrow(expect.objectContaining({ code: "EROFS" }));
    fs.mountFiles([]);
    expect(fs.existsSync("ct.nii.gz")).toBe(false);
  });

  it("zlib: reads what node:zlib writes (and the reverse); a corrupt stream throws", () => {
    const data = Uint8Array.from({ length: 50_000 }, (_, n) => (n * 31) % 251);
    expect(Buffer.compare(Buffer.from(gunzipSync(gzipSync(data))), Buffer.from(data))).toBe(0);
    expect(Buffer.compare(Buffer.from(gunzipSync(webGzip(data, { level: 6 }))), Buffer.from(data))).toBe(0);
    const truncated = gzipSync(data).subarray(0, 200);
    expect(() => gunzipSync(truncated)).toThrow("unexpected end of file"); // node:zlib's words
  });

  it("zlib: a truncated stream's beginning with Z_SYNC_FLUSH, and a limit on the output, as node:zlib", async () => {
    const { constants, gunzipSync: nodeGunzip } = await import("node:zlib");
    const data = Uint8Array.from({ length: 300_000 }, (_, n) => (n * 7919) % 253 ^ (n >> 9));
    const stream = gzipSync(data);
    for (const prefix of [1024, 8192, 65536]) {
      const start = gunzipSync(stream.subarray(0, prefix), { finishFlush: constants.Z_SYNC_FLUSH });
      expect(start.length, `${prefix} bytes`).toBeGreaterThan(0);
      // what node:zlib gives may end a little further on; both are the data's beginning
      const node = nodeGunzip(stream.subarray(0, prefix), { finishFlush: constants.Z_SYNC_FLUSH });
      expect(Buffer.compare(Buffer.from(start), Buffer.from(data.subarray(0, start.length)))).toBe(0);
      expect(Math.abs(start.length - node.length)).toBeLessThan(70_000);
    }
    expect(Buffer.compare(Buffer.from(gunzipSync(stream, { maxOutputLength: data.length })), Buffer.from(data))).toBe(0);
    let error: unknown;
    try {
      gunzipSync(stream, { maxOutputLength: 100_000 });
    } catch (err) {
      error = err;
    }
    expect((error as { code?: string }).code).toBe("ERR_BUFFER_TOO_LARGE");
    expect(() => gunzipSync(stream.subarray(0, 5000), { maxOutputLength: data.length })).toThrow();
  });

  it("crypto: SHA-256 as node:crypto, fed in pieces", () => {
    const a = Buffer.from("first file");
    const b = Uint8Array.from({ length: 100_000 }, (_, n) => n & 255);
    expect(webHash("sha256").update(a).update(b).digest("hex")).toBe(createHash("sha256").update(a).update(b).digest("hex"));
    expect(() => webHash("md5")).toThrow(/sha256 only/);
  });

  it("module: require gives the bundled CommonJS packages (dcmjs) and names any other", () => {
    const require = webRequire(import.meta.url);
    const dcmjs = require("dcmjs") as { data: Record<string, unknown>; log: { setLevel: unknown; getLoggers: unknown } };
    // what pipeline/io/dicom uses of it
    for (const member of [dcmjs.data.DicomMessage, dcmjs.data.DicomMetaDictionary, dcmjs.data.DicomDict, dcmjs.log.setLevel, dcmjs.log.getLoggers]) expect(member).toBeTypeOf("function");
    expect(() => require("pngjs")).toThrow('the web app does not bundle the package "pngjs"');
  });

  it("buffer: the largest buffer is a positive size the memory guard can compare with", () => {
    expect(webBufferConstants.MAX_LENGTH).toBeGreaterThanOrEqual(2 ** 30);
  });
});
