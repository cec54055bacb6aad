import { resolve } from "./path.js";

/**
 * The browser's node:fs: a read-only file system over the files the user dropped, held in memory,
 * with just the synchronous calls the readers make (pipeline/io: statSync, readFileSync, readdirSync,
 * openSync/readSync/closeSync, existsSync). Vite puts it in place of node:fs (web/vite.config.ts),
 * so the CLI's readers, DICOM folder scan, input hashing and their error messages run unchanged in
 * the web app. Paths resolve from "/", where the dropped files are mounted.
 */

const files = new Map<string, Uint8Array>();

/** Makes `entries` the whole file system (paths relative to "/", e.g. "ct.nii.gz" or "series/IM0001.dcm"). */
export function mountFiles(entries: readonly { path: string; bytes: Uint8Array }[]): void {
  files.clear();
  for (const e of entries) files.set(resolve(e.path), e.bytes);
}

/** An error as Node's fs raises it: the readers turn its code into their one-line messages. */
function fsError(code: "ENOENT" | "EISDIR" | "ENOTDIR" | "EBADF" | "EROFS", syscall: string, path: string): Error {
  const text = { ENOENT: "no such file or directory", EISDIR: "illegal operation on a directory", ENOTDIR: "not a directory", EBADF: "bad file descriptor", EROFS: "read-only file system" }[code];
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${path}'`), { code, syscall, path });
}

const isFolder = (abs: string): boolean => {
  const prefix = abs === "/" ? "/" : `${abs}/`;
  for (const p of files.keys()) if (p.startsWith(prefix)) return true;
  return false;
};

interface Stats {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

export function statSync(path: string, options?: { throwIfNoEntry?: boolean }): Stats | undefined {
  const abs = resolve(String(path));
  const bytes = files.get(abs);
  if (bytes) return { size: bytes.length, isFile: () => true, isDirectory: () => false };
  if (isFolder(abs)) return { size: 0, isFile: () => false, isDirectory: () => true };
  if (options?.throwIfNoEntry === false) return undefined;
  throw fsError("ENOENT", "stat", path);
}

export const existsSync = (path: string): boolean => statSync(path, { throwIfNoEntry: false }) !== undefined;

export const lstatSync = statSync;

function bytesOf(path: string, syscall: string): Uint8Array {
  const abs = resolve(String(path));
  const bytes = files.get(abs);
  if (bytes) return bytes;
  throw fsError(isFolder(abs) ? "EISDIR" : "ENOENT", syscall, path);
}

/** The file's bytes (a Buffer view, no copy), or its text with an encoding. */
export function readFileSync(path: string, options?: string | { encoding?: string | null }): Uint8Array | string {
  const bytes = bytesOf(path, "open");
  const encoding = typeof options === "string" ? options : options?.encoding;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding ? buffer.toString(encoding as BufferEncoding) : buffer;
}

/** The names in a folder (files and subfolders), sorted. */
export function readdirSync(path: string): string[] {
  const abs = resolve(String(path));
  if (files.has(abs)) throw fsError("ENOTDIR", "scandir", path);
  if (!isFolder(abs)) throw fsError("ENOENT", "scandir", path);
  const prefix = abs === "/" ? "/" : `${abs}/`;
  const names = new Set<string>();
  for (const p of files.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]);
  return [...names].sort();
}

const open = new Map<number, Uint8Array>();
let nextFd = 3;

export function openSync(path: string): number {
  const fd = nextFd++;
  open.set(fd, bytesOf(path, "open"));
  return fd;
}

export function readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number {
  const bytes = open.get(fd);
  if (!bytes) throw fsError("EBADF", "read", String(fd));
  const start = position ?? 0;
  const chunk = bytes.subarray(start, Math.min(bytes.length, start + length));
  buffer.set(chunk, offset);
  return chunk.length;
}

export function closeSync(fd: number): void {
  open.delete(fd);
}

/** The web app writes nothing: its output goes to the page and the download. */
const readOnly =
  (syscall: string) =>
  (path?: unknown): never => {
    throw fsError("EROFS", syscall, String(path));
  };

export const writeFileSync = readOnly("write");
export const renameSync = readOnly("rename");
export const rmSync = readOnly("rm");
export const rmdirSync = readOnly("rmdir");
export const mkdirSync = readOnly("mkdir");
export const mkdtempSync = readOnly("mkdtemp");
export const realpathSync = (path: string): string => {
  if (!existsSync(path)) throw fsError("ENOENT", "realpath", path);
  return resolve(path);
};

export default { statSync, lstatSync, existsSync, readFileSync, readdirSync, openSync, readSync, closeSync, writeFileSync, renameSync, rmSync, rmdirSync, mkdirSync, mkdtempSync, realpathSync };
