import type { Mask, Volume } from "../../analysis/core/volume.js";
import { countMask } from "../../analysis/core/volume.js";
import { fillName, maskIndices, parseFill, uniformFillValues } from "../../masks/fill.js";
import type { DefacedCondition } from "./runSubject.js";
import type { Modality } from "./modality.js";

/** One defaced condition per fill, all from the same face mask. Warnings go to `warn`. */
export function conditionsFromFaceMask(
  image: Volume,
  faceMask: Mask,
  maskName: string,
  fills: string[],
  modality: Modality,
  warn: (message: string) => void,
): DefacedCondition[] {
  const indices = maskIndices(faceMask);
  if (countMask(faceMask) === 0) warn(`the face mask ${maskName} is empty: defacing changes nothing`);
  return fills.map((text) => {
    const fill = parseFill(text);
    if (fill.kind === "zero" && modality === "ct") {
      warn("fill zero on CT writes 0 HU (water), not air (−1000 HU): the face becomes water-dense tissue; use --fill min for air");
    }
    return {
      name: `defaced-${fillName(fill)}`,
      description: `face mask ${maskName}, fill ${fillName(fill)}`,
      indices,
      values: uniformFillValues(fill, image, indices.length),
    };
  });
}
