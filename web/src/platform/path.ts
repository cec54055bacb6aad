/**
 * The browser's node:path (POSIX rules, working folder "/"): the readers and the report code join
 * and split the dropped files' paths exactly as on Node. Vite puts it in place of node:path
 * (web/vite.config.ts).
 */

export const sep = "/";
export const delimiter = ":";

export const isAbsolute = (p: string): boolean => p.startsWith("/");

/** Resolves "." and ".." and repeated slashes; keeps a leading "/" and a trailing one. */
export function normalize(p: string): string {
  if (p === "") return ".";
  const absolute = isAbsolute(p);
  const trailing = p.endsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(part);
  }
  let joined = out.join("/");
  if (joined === "" && !absolute) joined = ".";
  if (trailing && joined !== "" && joined !== ".") joined += "/";
  return (absolute ? "/" : "") + joined;
}

export const join = (...parts: string[]): string => normalize(parts.filter((p) => p !== "").join("/") || ".");

/** Absolute path; relative paths start from the working folder "/", where the dropped files are. */
export function resolve(...parts: string[]): string {
  let path = "";
  for (let n = parts.length - 1; n >= 0 && !isAbsolute(path); n--) if (parts[n]) path = path ? `${parts[n]}/${path}` : parts[n];
  const out = normalize(isAbsolute(path) ? path : `/${path}`);
  return out.length > 1 && out.endsWith("/") ? out.slice(0, -1) : out;
}

export function dirname(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  const at = trimmed.lastIndexOf("/");
  if (at < 0) return ".";
  return at === 0 ? "/" : trimmed.slice(0, at);
}

export function basename(p: string, ext?: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  const base = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

export function extname(p: string): string {
  const base = basename(p);
  const dot = base.lastIndexOf(".");
  return dot <= 0 || base === ".." ? "" : base.slice(dot);
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter(Boolean);
  const b = resolve(to).split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

export const posix = { sep, delimiter, isAbsolute, normalize, join, resolve, dirname, basename, extname, relative };
export default posix;
