import type { Settings } from "../../analysis/settings.js";

/**
 * The `deface-impact run` command that writes the same files as this run of the web app, byte for
 * byte but for the runtime line (run it in the folder holding the dropped files).
 */
export function commandLine(settings: Settings): string {
  const { input, defacing, output } = settings;
  const args = ["deface-impact", "run", "--image", input.image!, "--roi", input.roi!];
  if (input.roiLabel !== undefined) args.push("--roi-label", String(input.roiLabel));
  if (input.roiName !== undefined) args.push("--roi-name", input.roiName);
  if (input.series !== undefined) args.push("--series", input.series);
  if (input.modality !== "auto") args.push("--modality", input.modality);
  if (defacing.faceMask) args.push("--face-mask", defacing.faceMask);
  if (defacing.defacer) args.push("--defacer", defacing.defacer, "--buffer", String(defacing.bufferMm));
  for (const d of defacing.defaced) args.push("--defaced", `${d.name}=${d.path}`);
  for (const f of defacing.fills) args.push("--fill", f);
  if (!output.renders) args.push("--no-renders");
  args.push("--out", output.dir!);
  return args.map(shellQuote).join(" ");
}

/** A word as a POSIX shell reads it: as is when plain, else in single quotes. */
const shellQuote = (word: string): string => (/^[A-Za-z0-9_./:=+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
