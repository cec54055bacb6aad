import { subjectFromPath } from "../../pipeline/settings/requirements.js";
import { asInput, describeInput, filesOfDrop, filesOfInput, separateInputs, type InputItem } from "./droppedFiles.js";
import { saveFile, zipOutput } from "./download.js";
import { AnalysisRun } from "./runClient.js";
import { DefacingViewer } from "./viewer.js";
import type { DroppedFile, FromWorker, RunSummary } from "./worker/protocol.js";
import type { OutputFile } from "../../pipeline/run/analyseRun.js";

/**
 * The page: four inputs (image, ROI, face-mask sources, settings), one analysis at a time in the
 * workers, then the views, the report and its download. Every problem ends in the error box.
 */

const $ = <T extends HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;

type Slot = "image" | "roi" | "faceMask" | "defaced";
const chosen: Record<Slot, InputItem[]> = { image: [], roi: [], faceMask: [], defaced: [] };

/** Where each slot's drop zones, pickers and lists are. */
const SLOT_ROOT: Record<Slot, string> = { image: "#slot-image", roi: "#slot-roi", faceMask: '#slot-face [data-target="faceMask"]', defaced: '#slot-face [data-target="defaced"]' };

function setSlot(slot: Slot, files: DroppedFile[]): void {
  if (files.length === 0) return;
  hideError();
  const others = new Set((Object.keys(chosen) as Slot[]).filter((s) => s !== slot).flatMap((s) => chosen[s].map((i) => i.path.split("/")[0])));
  if (slot === "defaced") {
    // one condition per dropped image (a folder is one DICOM image, a .nhdr goes with its data file)
    for (const group of separateInputs(files)) {
      const taken = new Set([...others, ...chosen.defaced.map((i) => i.path.split("/")[0])]);
      chosen.defaced.push(asInput(group, "defaced", taken));
    }
  } else {
    chosen[slot] = [asInput(files, slot, others)];
  }
  render();
}

function chosenList(slot: Slot): HTMLElement {
  return slot === "image" || slot === "roi" ? $(`${SLOT_ROOT[slot]} .chosen`) : $(`#slot-face .chosen[data-target="${slot}"]`);
}

function render(): void {
  for (const slot of Object.keys(chosen) as Slot[]) {
    chosenList(slot).textContent = chosen[slot].map(describeInput).join(", ");
  }
  const missing = missingInputs();
  $("#missing").textContent = missing ? `Give ${missing}.` : "";
  $<HTMLButtonElement>("#analyse").disabled = missing !== "" || current?.busy === true;
}

function missingInputs(): string {
  const needs: string[] = [];
  if (!chosen.image.length) needs.push("an image");
  if (!chosen.roi.length) needs.push("a ROI");
  if (!$<HTMLInputElement>("#shear").checked && !chosen.faceMask.length && !chosen.defaced.length) needs.push("a way to remove the face");
  if (!fills().length && ($<HTMLInputElement>("#shear").checked || chosen.faceMask.length)) needs.push("at least one fill");
  return needs.join(", ");
}

const fills = (): string[] => [...document.querySelectorAll<HTMLInputElement>('input[name="fill"]:checked')].map((i) => i.value);

/** A name for another tool's condition, as `--defaced FILE` names it: the file name without its extension. */
function conditionName(path: string, taken: Set<string>): string {
  const base = (path.split("/").pop() ?? path).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, "").replace(/[^A-Za-z0-9._-]+/g, "_") || "defaced";
  let name = base;
  for (let n = 2; taken.has(name) || name === "original"; n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** The settings as the command line's options give them (resolved and checked in the worker, as by the CLI). */
function settingsFlags(): Record<string, unknown> {
  const image = chosen.image[0].path;
  const names = new Set<string>();
  const defacing: Record<string, unknown> = {
    defaced: chosen.defaced.map((i) => ({ name: conditionName(i.path, names), path: i.path })),
    fills: fills().length ? fills() : ["min"],
    bufferMm: Number($<HTMLInputElement>("#buffer").value),
  };
  if (chosen.faceMask.length) defacing.faceMask = chosen.faceMask[0].path;
  if ($<HTMLInputElement>("#shear").checked) defacing.defacer = "shear";
  return {
    input: { image, roi: chosen.roi[0].path, modality: $<HTMLSelectElement>("#modality").value },
    defacing,
    output: { dir: `${subjectFromPath(image)}-deface-impact`, renders: $<HTMLInputElement>("#renders").checked },
  };
}

/** The analysis on screen: its workers, whether it still works, and what it gave. */
interface RunState {
  run: AnalysisRun;
  busy: boolean;
  files?: OutputFile[];
  summary?: RunSummary;
}

let current: RunState | undefined;
let viewer: DefacingViewer | undefined;

function analyse(): void {
  current?.run.stop();
  hideError();
  $("#results").hidden = true;
  $("#status").hidden = false;
  $("#step").textContent = "starting";
  setBar(0, 1);
  const files = (Object.keys(chosen) as Slot[]).flatMap((s) => chosen[s].flatMap((i) => i.files));
  const jobs = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
  // the workers answer asynchronously, so state is set before their first message
  const run: AnalysisRun = new AnalysisRun({ files, flags: settingsFlags() }, jobs, { onMessage: (m) => onMessage(state, m) });
  const state: RunState = { run, busy: true };
  current = state;
  render();
}

function onMessage(state: RunState, m: FromWorker): void {
  if (state !== current) return;
  switch (m.type) {
    case "log":
      $("#step").textContent = m.line;
      break;
    case "progress":
      $("#step").textContent = `features: ${m.done} of ${m.total} condition × normalisation jobs`;
      setBar(m.done, m.total);
      break;
    case "warn":
      break; // the report lists them; the summary shows them at the end
    case "error":
      state.busy = false;
      $("#status").hidden = true;
      showError(m.message);
      render();
      break;
    case "done":
      state.busy = false;
      state.files = m.files;
      state.summary = m.summary;
      $("#status").hidden = true;
      showResults(m.summary, m.files);
      void showViews(m.views);
      render();
      break;
    case "view":
      void showViews(m.views);
      break;
  }
}

function setBar(done: number, total: number): void {
  const bar = $<HTMLProgressElement>("#bar");
  bar.max = Math.max(1, total);
  bar.value = done;
}

function showResults(summary: RunSummary, files: OutputFile[]): void {
  $("#results").hidden = false;
  $("#summary").textContent =
    `${summary.subject}: ${summary.features.toLocaleString("en-US")} feature values and ${summary.shifts.toLocaleString("en-US")} shifts ` +
    `for ${summary.conditions.length} defaced condition${summary.conditions.length === 1 ? "" : "s"} (${summary.conditions.join(", ")}).`;
  $("#warnings").replaceChildren(...summary.warnings.map((w) => Object.assign(document.createElement("li"), { textContent: `warning: ${w}` })));
  $("#command").textContent = summary.command;
  const select = $<HTMLSelectElement>("#condition");
  select.replaceChildren(...summary.conditions.map((c) => Object.assign(document.createElement("option"), { value: c, textContent: c })));
  const html = files.find((f) => f.name === "report.html")!.data as string;
  const frame = $<HTMLIFrameElement>("#report");
  frame.onload = () => {
    const height = frame.contentDocument?.documentElement.scrollHeight;
    if (height) frame.style.height = `${height + 20}px`;
  };
  frame.srcdoc = html;
}

async function showViews(views: Parameters<DefacingViewer["show"]>[0]): Promise<void> {
  $("#after-caption").textContent = `after: ${views.condition}`;
  try {
    viewer ??= new DefacingViewer($<HTMLCanvasElement>("#before"), $<HTMLCanvasElement>("#after"));
    await viewer.show(views);
  } catch (err) {
    // no WebGL 2 (an old browser, or graphics switched off): the report still stands
    $("#after-caption").textContent = `the 3D views need WebGL 2, which this browser does not offer (${(err as Error).message})`;
  }
}

function showError(message: string): void {
  const box = $("#error");
  box.textContent = message;
  box.hidden = false;
}

function hideError(): void {
  $("#error").hidden = true;
}

function wireSlot(slot: Slot): void {
  const root = slot === "image" || slot === "roi" ? $(SLOT_ROOT[slot]) : $("#slot-face");
  const drops = slot === "image" || slot === "roi" ? [root.querySelector<HTMLElement>(".drop")!] : [root.querySelector<HTMLElement>(`.drop[data-target="${slot}"]`)!];
  const pickers = slot === "image" || slot === "roi" ? [...root.querySelectorAll<HTMLInputElement>("input[type=file]")] : [...root.querySelectorAll<HTMLInputElement>(`input[type=file][data-target="${slot}"]`)];
  for (const zone of drops) {
    zone.dataset.slot = slot;
    zone.addEventListener("dragover", (e) => {
      e.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      if (!e.dataTransfer) return;
      filesOfDrop(e.dataTransfer).then((files) => setSlot(slot, files), (err: Error) => showError(`cannot read what was dropped (${err.message})`));
    });
  }
  for (const input of pickers) {
    input.dataset.slot = slot;
    input.addEventListener("change", () => {
      setSlot(slot, filesOfInput(input));
      input.value = "";
    });
  }
}

(["image", "roi", "faceMask", "defaced"] as Slot[]).forEach(wireSlot);
for (const el of document.querySelectorAll("#inputs input, #inputs select")) el.addEventListener("change", render);
// a file dropped beside the zones must not make the browser leave the page to show it
window.addEventListener("dragover", (e) => e.preventDefault());
window.addEventListener("drop", (e) => e.preventDefault());
$("#analyse").addEventListener("click", analyse);
$("#condition").addEventListener("change", () => current?.run.requestView($<HTMLSelectElement>("#condition").value));
$("#download").addEventListener("click", () => {
  if (!current?.files || !current.summary) return;
  const dir = current.summary.outputDir;
  saveFile(`${dir}.zip`, zipOutput(dir, current.files), "application/zip");
});
render();
