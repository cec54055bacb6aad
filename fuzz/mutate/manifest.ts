import { expect, flipBytes, randomInt, type Expect, type MutationContext } from "../caseList.js";
import type { FileSet } from "../types.js";

const HEADER = "subject,image,roi,face_mask,mask-min";
const ROW = (s: string) => `${s},image.nii.gz,roi.nii.gz,face_mask.nii.gz,builtin:mask:min`;
const GOOD = `${HEADER}\n${ROW("s1")}\n${ROW("s2")}\n`;

/**
 * Cohort manifests for compare and regress: missing files and columns, duplicate subjects, broken
 * CSV, bad built-in specs, binary junk; a subject whose image is broken (the cohort goes on past it
 * and fails at the end); and equivalent spellings (BOM, CRLF, quotes) that must change nothing.
 */
export function manifestCases(ctx: MutationContext): void {
  const { phantom } = ctx.bases;
  const add = (mutation: string, text: string | Uint8Array, expectation: Expect, extra: FileSet = {}) => {
    const bytes = typeof text === "string" ? new Uint8Array(Buffer.from(text, "utf8")) : text;
    ctx.list.add({
      reader: "manifest",
      mutation,
      base: "phantom",
      role: "manifest",
      target: "cohort.csv",
      files: () => ({ ...phantom.files, ...extra, "cohort.csv": bytes }),
      expect: expectation,
      oracle: () => ({ ...phantom.files, "cohort.csv": new Uint8Array(Buffer.from(GOOD)) }),
    });
  };
  add("equivalent", GOOD, expect.same);
  add("equivalent-bom", `\uFEFF${GOOD}`, expect.same);
  add("equivalent-crlf", GOOD.replace(/\n/g, "\r\n"), expect.same);
  add("equivalent-quoted", GOOD.split("\n").map((l) => l.split(",").map((c) => (c ? `"${c}"` : c)).join(",")).join("\n"), expect.same);
  add("equivalent-blank-lines", `\n${HEADER}\n\n${ROW("s1")}\n\n${ROW("s2")}\n\n\n`, expect.same);
  add("equivalent-spaces", GOOD.replace(/,/g, " , "), expect.same);
  add("equivalent-dot-paths", `${HEADER}\n${ROW("s1")}\n${ROW("s2")}\n`.replace(/(image|roi|face_mask)\.nii\.gz/g, "./$1.nii.gz"), expect.same);

  for (const missing of ["image", "roi", "face_mask"]) {
    add("missing-file", GOOD.replace(`${missing}.nii.gz`, `nowhere/${missing}.nii.gz`), expect.error);
  }
  add("missing-file-tool", `${HEADER},other\n${ROW("s1")},other.nii.gz\n${ROW("s2")},other.nii.gz\n`, expect.error);
  for (const column of ["subject", "image", "roi"]) {
    const cols = HEADER.split(",");
    const i = cols.indexOf(column);
    const drop = (line: string) => line.split(",").filter((_, j) => j !== i).join(",");
    add("missing-column", `${drop(HEADER)}\n${drop(ROW("s1"))}\n`, expect.error);
  }
  add("duplicate-subject", `${HEADER}\n${ROW("s1")}\n${ROW("s1")}\n`, expect.error);
  add("duplicate-column", `${HEADER},roi\n${ROW("s1")},roi.nii.gz\n`, expect.error);
  add("empty-cell", `${HEADER}\n,image.nii.gz,roi.nii.gz,face_mask.nii.gz,builtin:mask:min\n`, expect.error);
  add("empty-cell", `${HEADER}\ns1,,roi.nii.gz,face_mask.nii.gz,builtin:mask:min\n`, expect.error);
  add("all-tools-empty", `${HEADER}\ns1,image.nii.gz,roi.nii.gz,face_mask.nii.gz,\n`, expect.error);
  add("extra-cell", `${HEADER}\n${ROW("s1")},surplus\n`, expect.error);
  add("short-row", `${HEADER}\ns1,image.nii.gz\n`, expect.error);
  add("unterminated-quote", `${HEADER}\n"s1,image.nii.gz,roi.nii.gz,face_mask.nii.gz,builtin:mask:min\n`, expect.error);
  for (const spec of ["builtin:", "builtin:lava", "builtin:mask:lava", "builtin:shear:constant:abc", "builtin:mask:blur:-1"]) {
    add("builtin-spec", `${HEADER}\n${ROW("s1")}`.replace("builtin:mask:min", spec) + "\n", expect.error);
  }
  add("mask-without-face-mask", `subject,image,roi,mask-min\ns1,image.nii.gz,roi.nii.gz,builtin:mask:min\n`, expect.error);
  for (const name of ["original", "bad name", "-x", "x/y"]) add("tool-name", `${HEADER.replace("mask-min", name)}\n${ROW("s1")}\n`, expect.error);
  add("header-only", `${HEADER}\n`, expect.error);
  add("empty", "", expect.error);
  add("no-tool-column", "subject,image,roi\ns1,image.nii.gz,roi.nii.gz\n", expect.error);
  add("nul-bytes", new Uint8Array([...Buffer.from(GOOD), 0, 0, 0]), expect.error);
  add("binary", flipBytes(new Uint8Array(4096), ctx.random, 4096, 0, 4096), expect.error);
  add("image-is-a-folder", GOOD.replace(/image\.nii\.gz/g, "folder"), expect.error, { "folder/notes.txt": new Uint8Array(Buffer.from("x")) });
  add("image-is-the-manifest", GOOD.replace(/image\.nii\.gz/g, "cohort.csv"), expect.error);
  add("path-traversal", GOOD.replace(/image\.nii\.gz/g, "../../../../../../etc/hostname"), expect.error);

  // a broken subject: the cohort goes on past it and fails at the end, naming it
  const brokenImage = phantom.files["image.nii.gz"] as Uint8Array;
  add("broken-subject-image", `${HEADER}\n${ROW("s1")}\n${ROW("s2").replace("image.nii.gz", "broken.nii.gz")}\n`, expect.error, { "broken.nii.gz": brokenImage.subarray(0, 500) });
  add("broken-subject-roi", `${HEADER}\n${ROW("s1").replace("roi.nii.gz", "broken_roi.nii.gz")}\n${ROW("s2")}\n`, expect.error, { "broken_roi.nii.gz": new Uint8Array(Buffer.from("not a mask")) });

  // random bytes in the text: a clear error or a result
  const good = new Uint8Array(Buffer.from(GOOD));
  for (let n = 0; n < 25; n++) add("text-bytes", flipBytes(good, ctx.random, randomInt(ctx.random, 1, 3), 0, good.length), expect.either);
}
