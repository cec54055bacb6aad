import type { Grid, Volume } from "../../../analysis/core/volume.js";
import type { DicomMetadataValue } from "./metadata.js";
import type { DicomDataDict } from "./part10.js";

/** The original data set behind one slice of the volume (pixel data dropped after decoding). */
export interface DicomSliceSource {
  path: string;
  meta: DicomDataDict;
  dict: DicomDataDict;
  /** frame index within the file (0 for single-frame images). */
  frame: number;
}

/** What `writeDefacedSeries` needs to write a volume back as the series it was read from. */
export interface DicomSource {
  /** "slices": one file per slice; "multiframe": one enhanced multi-frame file holding every frame. */
  kind: "slices" | "multiframe";
  /**
   * Per slice k of the volume: the data set it came from. When the stack was resampled, the
   * nearest original slice (its attributes are reused, its position is recomputed).
   */
  slices: DicomSliceSource[];
  /** true when the volume is on a new regular grid (uneven spacing or gantry tilt was corrected). */
  resampled: boolean;
  seriesUid: string;
  /** the grid of the volume `readDicomSeries` returned. */
  grid: Grid;
}

export interface DicomSeriesResult {
  volume: Volume;
  /** reproducibility attributes (Modality, SliceThickness, KVP, ...) plus how the grid was built. */
  metadata: Record<string, DicomMetadataValue>;
  warnings: string[];
  source: DicomSource;
}

/** PS3.15 Annex E options (see deidentify.ts). */
export interface DeidOptions {
  /** secret for UID remapping, pseudonyms and date shifts; same key -> same output. */
  key: string | Uint8Array;
  /** Retain Longitudinal Temporal Information with Modified Dates: shift dates by a per-patient offset. */
  retainLongitudinalTemporal?: boolean;
  /** HIPAA Safe Harbor style: keep only the year of every date (ignored when dates are shifted). */
  datesToYear?: boolean;
  /** Retain Device Identity Option. */
  retainDeviceIdentity?: boolean;
  /** Clean Descriptors Option: keep descriptions, removing identifying values found in the data set. */
  cleanDescriptors?: boolean;
  /** a reversible pseudonym for PatientID (keyed FF1, `--pseudonym-key`) instead of the one-way HMAC one. */
  patientIdPseudonym?: (patientId: string) => string;
}
