import { statSync } from "node:fs";
import { inputError } from "../../../analysis/core/errors.js";
import type { Vec3, VoxelArray } from "../../../analysis/core/volume.js";
import { enhancedFrameInfo, isEnhancedMultiFrame, singleFrameInfo, type FrameInfo } from "./enhanced.js";
import { analyseStack, assertConsistentPlanes, rasAffine, sortAlongNormal } from "./geometry.js";
import { reproducibilityMetadata } from "./metadata.js";
import { assertDecodableSyntax, decodeFrame, pixelBytes, pixelDataLength, pixelFormatOf, type PixelFormat } from "./pixels.js";
import { assertVolumeFits } from "../memoryLimit.js";
import { assertAffine } from "../gridChecks.js";
import { resampleToRegularGrid } from "./regularGrid.js";
import { readInstance, scanDicomFolder, selectSeries, type DicomInstance, type SeriesGroup } from "./scan.js";
import type { DicomSeriesResult, DicomSliceSource } from "./types.js";

interface FrameRef {
  inst: DicomInstance;
  frame: number;
  info: FrameInfo;
  /** each file's own sample layout (BitsStored or signedness may differ between files). */
  fmt: PixelFormat;
}

/**
 * Reads one DICOM image series from a folder (recursively; `series` picks a SeriesInstanceUID when
 * there are several) or from a single file (e.g. an enhanced multi-frame image) into a Volume on
 * the project's RAS grid. Slices are ordered by position along the slice normal; uneven spacing
 * and gantry tilt are resampled onto a regular grid with a warning; a missing slice is an error.
 */
export function readDicomSeries(path: string, opts: { series?: string } = {}): DicomSeriesResult {
  const warnings: string[] = [];
  let group: SeriesGroup;
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    const groups = scanDicomFolder(path, warnings);
    if (groups.length === 0) {
      throw inputError(`no DICOM image files found in this folder${warnings.length ? ` (${warnings.join("; ")})` : ""}`, path);
    }
    const chosen = selectSeries(groups, path, opts.series);
    // The scan read headers only; now the chosen series in full.
    const full = chosen.instances.map((i) => readWhole(i.path, warnings));
    group = { ...chosen, instances: full.filter((i) => i.hasPixels) };
  } else {
    const inst = readWhole(path, warnings);
    if (!inst.hasPixels) throw inputError(`a DICOM ${inst.ds.Modality ?? ""} file without pixel data, not an image`, path);
    group = { seriesUid: String(inst.ds.SeriesInstanceUID ?? ""), instances: [inst], modality: String(inst.ds.Modality ?? ""), description: "" };
  }
  if (group.instances.length === 0) throw inputError("none of the series' files could be read", path);
  const where = group.instances.length === 1 ? group.instances[0].path : path;

  const refs: FrameRef[] = [];
  const multiframe = group.instances.some((i) => isEnhancedMultiFrame(i.ds));
  if (multiframe && group.instances.length > 1) {
    throw inputError(`the series holds ${group.instances.length} files of which some are enhanced multi-frame; give one file`, path);
  }
  for (const inst of group.instances) {
    assertDecodableSyntax(inst.meta["00020010"]?.Value?.[0] as string | undefined, inst.path);
    const fmt = pixelFormatOf(inst.ds, inst.path);
    if (isEnhancedMultiFrame(inst.ds)) {
      enhancedFrameInfo(inst.ds, inst.path).forEach((info, frame) => refs.push({ inst, frame, info, fmt }));
    } else {
      if (Number(inst.ds.NumberOfFrames ?? 1) > 1) {
        throw inputError("multi-frame image without functional groups (per-frame geometry unknown) is not supported", inst.path);
      }
      refs.push({ inst, frame: 0, info: singleFrameInfo(inst.ds, inst.path), fmt });
    }
  }
  const fmt = refs[0].fmt;
  for (const r of refs) {
    const f = r.fmt;
    if (f.rows !== fmt.rows || f.columns !== fmt.columns) {
      throw inputError(`image size ${f.columns}x${f.rows} differs from the rest of the series (${fmt.columns}x${fmt.rows})`, r.inst.path);
    }
  }

  const planes = refs.map((r) => r.info.plane);
  assertConsistentPlanes(planes, where);
  const { order, positions } = sortAlongNormal(planes, where);
  const sorted = order.map((i) => refs[i]);
  const sortedPlanes = sorted.map((r) => r.info.plane);
  const stack = analyseStack(sortedPlanes, positions, sorted[0].info.thickness, where);
  const [nx, ny] = [fmt.columns, fmt.rows];
  const [rowSp, colSp] = sortedPlanes[0].pixelSpacing;
  const plane = nx * ny;

  let data: VoxelArray;
  let affine: number[];
  let nz: number;
  let sliceSources: DicomSliceSource[];
  // Joined pixel bytes per file, so a multi-frame file is not re-joined for every frame.
  const bytesCache = new Map<DicomInstance, Uint8Array>();
  const bytesOf = (inst: DicomInstance): Uint8Array => {
    let b = bytesCache.get(inst);
    if (!b) bytesCache.set(inst, (b = pixelBytes(inst.ds, inst.path)));
    return b;
  };
  const toSource = (r: FrameRef): DicomSliceSource => ({ path: r.inst.path, meta: r.inst.meta, dict: r.inst.dict, frame: r.frame });
  // Before anything is allocated: every frame's pixel data are there, and the volume fits in memory.
  for (const inst of group.instances) {
    const f = pixelFormatOf(inst.ds, inst.path);
    const frames = Math.max(1, Number(inst.ds.NumberOfFrames ?? 1));
    const needed = frames * plane * (f.bitsAllocated / 8);
    const have = pixelDataLength(inst.ds);
    // exact, but for the padding byte of an odd length: a longer value means Rows, Columns or BitsAllocated lie
    if (have < needed || have > needed + 1) {
      throw inputError(
        `pixel data of ${have} bytes, but ${frames} frame(s) of ${f.columns}x${f.rows} pixels of ${f.bitsAllocated} bits need ${needed}: ` +
          `the file is ${have < needed ? "truncated" : "inconsistent (Rows, Columns or BitsAllocated do not describe its pixels)"}`,
        inst.path,
      );
    }
  }
  const gridSlices = stack.kind === "regular" ? sorted.length : Math.floor((positions[positions.length - 1] - positions[0]) / stack.spacing + 1e-6) + 1;
  // the uneven or tilted path also holds every input slice as float64 while it resamples
  const resampling = stack.kind === "regular" ? 0 : sorted.length * plane * 8;
  assertVolumeFits(where, `this ${nx}x${ny}x${gridSlices} DICOM series`, plane * gridSlices, 4, resampling);
  if (stack.kind === "regular") {
    nz = sorted.length;
    data = allocateFor(sorted, plane * nz);
    sorted.forEach((r, k) => {
      const stored = decodeFrame(bytesOf(r.inst), r.fmt, r.frame, r.inst.path);
      const { slope, intercept } = r.info;
      const off = k * plane;
      for (let p = 0; p < plane; p++) data[off + p] = stored[p] * slope + intercept;
    });
    affine = rasAffine(sortedPlanes[0].ipp, sortedPlanes[0].iop, [rowSp, colSp], stack.step);
    sliceSources = sorted.map(toSource);
  } else {
    const pixels = sorted.map((r) => {
      const stored = decodeFrame(bytesOf(r.inst), r.fmt, r.frame, r.inst.path);
      const out = new Float64Array(plane);
      for (let p = 0; p < plane; p++) out[p] = stored[p] * r.info.slope + r.info.intercept;
      return out;
    });
    let fill = Infinity;
    for (const px of pixels) for (let p = 0; p < plane; p++) if (px[p] < fill) fill = px[p];
    const reg = resampleToRegularGrid(sortedPlanes, positions, pixels, nx, ny, stack.spacing, fill);
    ({ data, affine, nz } = reg);
    sliceSources = reg.nearest.map((i) => toSource(sorted[i]));
    const why: string[] = [];
    if (stack.kind.includes("uneven")) {
      why.push(`uneven slice spacing (gaps ${Math.min(...stack.gaps).toFixed(3)} to ${Math.max(...stack.gaps).toFixed(3)} mm)`);
    }
    if (stack.kind.includes("tilted")) {
      why.push(`gantry tilt / sheared stack (${stack.tiltDegrees.toFixed(2)} degrees, ${stack.drift.toFixed(2)} mm in-plane drift)`);
    }
    warnings.push(
      `${where}: ${why.join(" and ")}: resampled ${sorted.length} slices onto a regular grid of ${nz} slices ` +
        `${stack.spacing.toFixed(4)} mm apart along the slice normal (linear interpolation, fill ${fill} outside the acquired planes)`,
    );
  }
  // The decoded volume holds the voxels now; drop the pixel data kept by the parsed files.
  for (const inst of group.instances) {
    delete inst.dict["7FE00010"];
    delete inst.ds.PixelData;
  }
  const spacing: Vec3 = [colSp, rowSp, Math.hypot(affine[2], affine[6], affine[10])];
  assertAffine(affine, where, "DICOM geometry (ImagePositionPatient, ImageOrientationPatient, PixelSpacing)");
  const metadata = {
    ...reproducibilityMetadata(sorted[0].inst.ds),
    Slices: sorted.length,
    GridSlices: nz,
    StackGeometry: stack.kind,
    TiltDegrees: +stack.tiltDegrees.toFixed(4),
  };
  const grid = { dims: [nx, ny, nz] as Vec3, spacing, affine };
  return {
    volume: { ...grid, data },
    metadata,
    warnings: [...new Set(warnings)],
    source: { kind: multiframe ? "multiframe" : "slices", slices: sliceSources, resampled: stack.kind !== "regular", seriesUid: group.seriesUid, grid },
  };
}

/**
 * Storage for the rescaled values: an integer type when every slope and intercept is integral and
 * the stored range (from BitsStored and PixelRepresentation) fits it, else float32.
 */
function allocateFor(refs: FrameRef[], n: number): VoxelArray {
  let lo = Infinity;
  let hi = -Infinity;
  let integral = true;
  for (const { info, fmt } of refs) {
    const signed = fmt.pixelRepresentation === 1;
    const storedMin = signed ? -(2 ** (fmt.bitsStored - 1)) : 0;
    const storedMax = signed ? 2 ** (fmt.bitsStored - 1) - 1 : 2 ** fmt.bitsStored - 1;
    if (!Number.isInteger(info.slope) || !Number.isInteger(info.intercept)) integral = false;
    const a = storedMin * info.slope + info.intercept;
    const b = storedMax * info.slope + info.intercept;
    lo = Math.min(lo, a, b);
    hi = Math.max(hi, a, b);
  }
  if (integral) {
    if (lo >= -32768 && hi <= 32767) return new Int16Array(n);
    if (lo >= 0 && hi <= 65535) return new Uint16Array(n);
    if (lo >= -2147483648 && hi <= 2147483647) return new Int32Array(n);
  }
  return new Float32Array(n);
}

/**
 * One file of the series read in full, or an error naming it: a file the header scan accepted but
 * that cannot be read now, or that was cut short (its pixels would come back zero-filled), would
 * otherwise leave the volume a slice short or wrong without a word.
 */
function readWhole(path: string, warnings: string[]): DicomInstance {
  const before = warnings.length;
  const inst = readInstance(path, warnings);
  if (!inst) throw inputError(`not a readable DICOM file (${warnings.slice(before).join("; ") || "no reason given"})`, path);
  if (inst.truncated) throw inputError(`the file is cut short: ${inst.truncated}; its image cannot be read whole`, path);
  return inst;
}
