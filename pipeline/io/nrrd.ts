/** NRRD reading (.nrrd, .nhdr + data file) and writing (.nrrd): see nrrdRead.ts and nrrdWrite.ts. */
export { readNrrd, parseNrrdHeader, type NrrdHeader } from "./nrrdRead.js";
export { writeNrrd, type WriteNrrdOptions } from "./nrrdWrite.js";
