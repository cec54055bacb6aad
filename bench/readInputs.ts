/**
 * Benchmark child: reads and decompresses a run's inputs (image, ROI, face mask) and nothing else,
 * the floor that an end-to-end `run` is compared with. Usage: node readInputs.js IMAGE ROI FACE_MASK
 */
import { readMask, readVolume } from "../pipeline/io/readVolume.js";

const [image, roi, face] = process.argv.slice(2);
const volume = readVolume(image);
readMask(roi, volume);
readMask(face, volume);
