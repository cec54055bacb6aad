import { runtimeLabel } from "../software.js";
import type { RunReport } from "../runReport.js";
import { settingsYaml } from "../../settings/settingsYaml.js";
import { escapeHtml, num, section, table } from "./format.js";

type Metadata = Record<string, unknown>;

/** Acquisition metadata from the extras, report.acquisition or settings.acquisition, whichever exist. */
function acquisitionOf(report: RunReport, extra: Metadata | undefined): Metadata | undefined {
  const fromReport = (report as RunReport & { acquisition?: Metadata }).acquisition;
  const fromSettings = (report.settings as unknown as Record<string, unknown>)["acquisition"];
  const merged = {
    ...(typeof fromSettings === "object" && fromSettings ? (fromSettings as Metadata) : {}),
    ...(fromReport ?? {}),
    ...(extra ?? {}),
  };
  return Object.keys(merged).length ? merged : undefined;
}

const value = (v: unknown) => escapeHtml(typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));

/** Section 8: everything needed to reproduce the run, and the conditions it compared. */
export function reproducibilitySection(report: RunReport, acquisition?: Metadata): string {
  const { image, software } = report;
  const parts: string[] = [];

  parts.push("<h3>Conditions</h3>");
  parts.push(
    table(
      ["condition", "how", "voxels replaced", "volume replaced (mm³)", "ROI voxels replaced"],
      report.conditions.map((c) => [
        escapeHtml(c.name),
        escapeHtml(c.description),
        c.voxels_replaced.toLocaleString("en-US"),
        num(c.volume_replaced_mm3, 6),
        String(report.result.roiOverlap.find((o) => o.condition === c.name)?.voxels ?? 0),
      ]),
      { numeric: [2, 3, 4] },
    ),
  );

  parts.push("<h3>Image</h3>");
  const a = image.affine;
  const cells = a.map((x) => num(x, 6));
  const width = Math.max(...cells.map((c) => c.length));
  const affineRows = [0, 1, 2, 3].map((r) => cells.slice(4 * r, 4 * r + 4).map((c) => c.padStart(width)).join("  ")).join("\n");
  parts.push(
    table(
      ["property", "value"],
      [
        ["modality", escapeHtml(image.modality)],
        ["intensity unit", escapeHtml(image.intensity_unit)],
        ["dimensions (voxels)", image.dims.join(" × ")],
        ["voxel spacing (mm)", image.spacing_mm.map((s) => num(s, 6)).join(" × ")],
        ["voxel volume (mm³)", num(image.spacing_mm[0] * image.spacing_mm[1] * image.spacing_mm[2], 6)],
        ["ROI", `${report.result.roiVoxels.toLocaleString("en-US")} voxels`],
        ["voxel → world (RAS+ mm)", `<pre class="affine">${escapeHtml(affineRows)}</pre>`],
      ],
    ),
  );

  const acq = acquisitionOf(report, acquisition);
  if (acq) {
    parts.push("<h3>Acquisition</h3>");
    parts.push(table(["field", "value"], Object.entries(acq).map(([k, v]) => [escapeHtml(k), value(v)])));
  }

  parts.push("<h3>Inputs</h3>");
  parts.push(
    table(
      ["role", "path", "size (bytes)", "SHA-256"],
      report.inputs.map((i) => [escapeHtml(i.role), `<code>${escapeHtml(i.path)}</code>`, i.bytes.toLocaleString("en-US"), `<code class="hash">${escapeHtml(i.sha256)}</code>`]),
      { numeric: [2] },
    ),
  );

  parts.push("<h3>Software</h3>");
  parts.push(
    table(
      ["component", "version"],
      [
        ["deface-impact", escapeHtml(software.deface_impact)],
        ["runtime", escapeHtml(runtimeLabel(software))],
        ...Object.entries(software.dependencies).map(([k, v]) => [escapeHtml(k), escapeHtml(v)]),
      ],
    ),
  );

  parts.push("<h3>Settings</h3>");
  parts.push("<p>As resolved from the defaults, the preset, the settings file and the options; save it as a YAML file and pass it to <code>--settings</code> to rerun.</p>");
  parts.push(`<pre class="settings">${escapeHtml(settingsYaml(report.settings))}</pre>`);
  return section("reproducibility", "Reproducibility", parts.join("\n"));
}
