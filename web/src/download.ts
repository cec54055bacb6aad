import { zipSync } from "fflate";
import type { OutputFile } from "../../pipeline/run/analyseRun.js";

/** The run's output folder as a zip (`dir/features.csv`, ...): text as UTF-8, as the CLI writes it. */
export function zipOutput(dir: string, files: readonly OutputFile[]): Uint8Array {
  const encoder = new TextEncoder();
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[`${dir}/${f.name}`] = typeof f.data === "string" ? encoder.encode(f.data) : f.data;
  return zipSync(entries, { level: 6 });
}

/** Saves bytes as a file through the browser's download (nothing is sent anywhere). */
export function saveFile(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
