import type { DroppedFile } from "./worker/protocol.js";

/**
 * The files of a drop or of a file picker, each with its path: a dropped folder keeps its name and
 * inner structure ("series/IM0001.dcm"), as `<input webkitdirectory>` does.
 */
export async function filesOfDrop(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length > 0 && entries.every((e) => e !== null)) {
    const out: DroppedFile[] = [];
    for (const entry of entries) out.push(...(await walk(entry!)));
    return out;
  }
  // files made by a script (and some browsers' drops) carry no entries: take them as loose files
  return [...data.files].map((file) => ({ path: file.name, file }));
}

/** The files of an `<input type="file">` (with webkitdirectory: the folder's files, with their relative paths). */
export const filesOfInput = (input: HTMLInputElement): DroppedFile[] =>
  [...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));

async function walk(entry: FileSystemEntry): Promise<DroppedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path: entry.fullPath.replace(/^\/+/, ""), file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries gives the folder in batches (of 100 in Chrome) until an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const out: DroppedFile[] = [];
  for (const child of children) out.push(...(await walk(child)));
  return out;
}

/**
 * One input of the run (the image, the ROI, a face mask, a defaced image): what was dropped, as
 * the path the settings give it ("ct.nii.gz", or a folder's name for a DICOM series) and its files.
 */
export interface InputItem {
  path: string;
  files: DroppedFile[];
}

/**
 * Files dropped on one slot as one input: a single file, a .nhdr with its data file, or a folder
 * (other loose files are a DICOM series, put in a folder named "dicom"). Paths are made distinct from the other inputs' (a second
 * "head.nii.gz" goes into a folder named for its slot), so they can sit side by side as on a disk.
 */
export function asInput(files: DroppedFile[], slot: string, taken: ReadonlySet<string>): InputItem {
  const roots = new Set(files.map((f) => f.path.split("/")[0]));
  const loose = files.every((f) => !f.path.includes("/"));
  const headers = files.filter((f) => /\.nhdr$/i.test(f.path));
  let item: InputItem;
  if (files.length === 1 && loose) item = { path: files[0].path, files };
  else if (loose && headers.length === 1) item = { path: headers[0].path, files }; // a NRRD header and its data file, side by side
  else if (roots.size === 1 && files.every((f) => f.path.includes("/"))) item = { path: [...roots][0], files };
  else item = { path: "dicom", files: files.map((f) => ({ path: `dicom/${f.path}`, file: f.file })) };
  const first = item.path.split("/")[0];
  if (!taken.has(first)) return item;
  const folder = slot.replace(/[^A-Za-z0-9_-]+/g, "-");
  return { path: `${folder}/${item.path}`, files: item.files.map((f) => ({ path: `${folder}/${f.path}`, file: f.file })) };
}

/**
 * Files dropped on the slot that takes several inputs (other tools' defaced images), one input per
 * group: a folder (a DICOM series) is one, a loose .nhdr takes the loose data files named like it
 * ("tool.nhdr" with "tool.raw.gz"), and every other loose file is one.
 */
export function separateInputs(files: readonly DroppedFile[]): DroppedFile[][] {
  const stem = (path: string) => path.split(".")[0];
  const headers = new Set(files.filter((f) => !f.path.includes("/") && /\.nhdr$/i.test(f.path)).map((f) => stem(f.path)));
  const groups = new Map<string, DroppedFile[]>();
  for (const f of files) {
    const loose = !f.path.includes("/");
    const key = !loose ? `folder:${f.path.split("/")[0]}` : headers.has(stem(f.path)) ? `nhdr:${stem(f.path)}` : `file:${f.path}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

/** How the page lists an input: a file's name, a NRRD header with its data file, a folder with its file count. */
export function describeInput(item: InputItem): string {
  if (item.files.length === 1) return item.path;
  if (/\.nhdr$/i.test(item.path)) return `${item.path} (with ${item.files.filter((f) => f.path !== item.path).map((f) => f.path.split("/").pop()).join(", ")})`;
  return `${item.path}/ (${item.files.length} files)`;
}
