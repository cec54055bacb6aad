// Public API of the DICOM reader/writer.
export { readDicomSeries } from "./readSeries.js";
export { listRtstructRois, rasteriseRtstruct, type RtstructRoi } from "./rtstruct.js";
export { writeDefacedSeries, type WrittenSeries } from "./write.js";
export type { DeidOptions, DicomSeriesResult, DicomSource } from "./types.js";
export { describeSeries, scanDicomFolder } from "./scan.js";
