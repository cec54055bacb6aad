import { usageError } from "../analysis/core/errors.js";
import { timeStage } from "../analysis/core/stageTimes.js";
import type { Mask, Volume } from "../analysis/core/volume.js";
import { blurFillValues } from "./blurFill.js";
import { type Fill, parseFill, uniformFillValues } from "./uniformFill.js";
import { noiseFillValues } from "./noiseFill.js";

/**
 * Every fill a defacing can use: the uniform ones of fill.ts (zero, constant:VALUE, min) and the
 * position-dependent ones, `noise` (the scan's own background, seeded) and `blur` (heavy smoothing).
 */
export type DefaceFill = Fill | { kind: "noise" } | { kind: "blur"; sigmaMm: number };

export const DEFAULT_BLUR_SIGMA_MM = 8;

/** Parses zero | min | constant:VALUE | noise | blur | blur:SIGMA_MM. */
export function parseDefaceFill(text: string): DefaceFill {
  if (text === "noise") return { kind: "noise" };
  const blur = /^blur(?::(\d+(\.\d+)?))?$/.exec(text);
  if (blur) {
    const sigmaMm = blur[1] === undefined ? DEFAULT_BLUR_SIGMA_MM : Number(blur[1]);
    if (!(sigmaMm > 0)) throw usageError(`blur fill needs a positive sigma in mm, got "${text}"`);
    return { kind: "blur", sigmaMm };
  }
  try {
    return parseFill(text);
  } catch {
    throw usageError(`unknown fill "${text}": use zero, min, constant:VALUE (e.g. constant:-1000), noise, or blur[:SIGMA_MM]`);
  }
}

export function defaceFillName(fill: DefaceFill): string {
  switch (fill.kind) {
    case "constant":
      return `constant:${fill.value}`;
    case "blur":
      return `blur:${fill.sigmaMm}`;
    default:
      return fill.kind;
  }
}

export interface FillContext {
  /** the removed region (the face mask). */
  mask: Mask;
  /** the head (foreground) mask: noise is drawn from outside it. */
  head: Mask;
  seed: number;
}

const isInteger = (volume: Volume) => !(volume.data instanceof Float32Array || volume.data instanceof Float64Array);

/**
 * The value of each masked voxel (in the order of `indices`). Integer-typed images get rounded
 * values, so the numbers returned are exactly what the defaced image stores.
 */
export function defaceFillValues(fill: DefaceFill, volume: Volume, indices: Uint32Array, ctx: FillContext): Float64Array {
  return timeStage("defacing", () => fillValuesOf(fill, volume, indices, ctx));
}

function fillValuesOf(fill: DefaceFill, volume: Volume, indices: Uint32Array, ctx: FillContext): Float64Array {
  let values: Float64Array;
  if (fill.kind === "noise") values = noiseFillValues(volume, indices, ctx.head, ctx.mask, ctx.seed);
  else if (fill.kind === "blur") values = blurFillValues(volume, indices, ctx.mask, fill.sigmaMm);
  else values = uniformFillValues(fill, volume, indices.length);
  if (isInteger(volume)) for (let m = 0; m < values.length; m++) values[m] = Math.round(values[m]);
  return values;
}
