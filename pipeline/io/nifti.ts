/** NIfTI-1/2 reading and NIfTI-1 writing: see niftiRead.ts and niftiWrite.ts. */
export {
  readNifti,
  readNiftiHeaderInfo,
  decodeNifti,
  parseNiftiHeader,
  niftiAffine,
  quaternionAffine,
  NIFTI_DATATYPES,
  type NiftiHeaderInfo,
} from "./niftiRead.js";
export type { ReadVolumeOptions } from "./voxelTypes.js";
export { writeNifti, encodeNifti, affineToQuaternion, type WriteNiftiOptions } from "./niftiWrite.js";
