/**
 * Acquisition attributes that radiomic features depend on (image quality, resolution, contrast),
 * reported in the reproducibility section and kept in de-identified output. Top-level attributes
 * first; for enhanced multi-frame images the functional groups are searched too.
 */
export const REPRODUCIBILITY_ATTRIBUTES = [
  "Modality",
  "SOPClassUID",
  "Manufacturer",
  "ManufacturerModelName",
  "SoftwareVersions",
  "BodyPartExamined",
  "SliceThickness",
  "SpacingBetweenSlices",
  "PixelSpacing",
  "Rows",
  "Columns",
  "BitsStored",
  "RescaleSlope",
  "RescaleIntercept",
  "RescaleType",
  "ConvolutionKernel",
  "ReconstructionAlgorithm",
  "ReconstructionDiameter",
  "FilterType",
  "KVP",
  "XRayTubeCurrent",
  "Exposure",
  "ExposureTime",
  "CTDIvol",
  "SpiralPitchFactor",
  "GantryDetectorTilt",
  "ContrastBolusAgent",
  "MagneticFieldStrength",
  "RepetitionTime",
  "EchoTime",
  "EffectiveEchoTime",
  "InversionTime",
  "FlipAngle",
  "EchoTrainLength",
  "ScanningSequence",
  "SequenceVariant",
  "MRAcquisitionType",
  "PixelBandwidth",
  "ImagingFrequency",
  "ReceiveCoilName",
  "NumberOfAverages",
  "ParallelReductionFactorInPlane",
  "ImageType",
] as const;

export type DicomMetadataValue = string | number | Array<string | number> | null;

const plain = (v: any): DicomMetadataValue => {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) {
    const items = v.filter((x) => typeof x === "string" || typeof x === "number");
    return items.length === 1 ? items[0] : items;
  }
  if (typeof v === "string" || typeof v === "number") return v;
  return null;
};

/** Looks for `name` at the top level, then depth-first inside sequences (functional groups). */
function findAttribute(ds: Record<string, any>, name: string, depth = 0): any {
  if (ds[name] !== undefined && ds[name] !== "") return ds[name];
  if (depth > 3) return undefined;
  for (const [key, value] of Object.entries(ds)) {
    if (!key.endsWith("Sequence") || !Array.isArray(value) || value.length === 0) continue;
    const found = findAttribute(value[0], name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The reproducibility attributes present in a data set (absent ones are omitted). */
export function reproducibilityMetadata(ds: Record<string, any>): Record<string, DicomMetadataValue> {
  const out: Record<string, DicomMetadataValue> = {};
  for (const name of REPRODUCIBILITY_ATTRIBUTES) {
    const v = plain(findAttribute(ds, name));
    if (v !== null && !(Array.isArray(v) && v.length === 0)) out[name] = v;
  }
  return out;
}
