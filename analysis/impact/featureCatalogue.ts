import type { FamilyName } from "../features/types.js";

/**
 * Every IBSI 1 feature code of the eleven families (IBSI reference manual, chapter 3), for
 * classifying how each responds to an intensity map. V10/V90 share BC2M and I10/I90 share GBPN.
 */
export const FEATURE_CODES: Readonly<Record<FamilyName, readonly string[]>> = {
  morphology: [
    "RNU0", "YEKZ", "C0JK", "2PR5", "SKGS", "BQWJ", "KRCK", "QCFX", "25C7", "KLMA", "L0JK", "TDIC", "P9VJ",
    "7J51", "Q3CK", "N17B", "PBX1", "R59B", "6BDE", "RDD2", "R3ER", "7T7F", "99N0", "N365", "NPT7",
  ],
  local_intensity: ["VJGA", "0F91"],
  intensity_statistics: [
    "Q4LE", "ECT3", "KE2A", "IPH6", "Y12H", "1GSF", "QG58", "8DWT", "84IY", "SALO", "2OJQ", "4FUA", "1128",
    "N72L", "7TET", "9S40", "N8CA", "5ZWQ",
  ],
  intensity_histogram: [
    "X6K6", "CH89", "88K1", "C3I7", "WIFQ", "1PR8", "GPMT", "OZ0C", "3NCY", "AMMC", "WR0O", "5Z3W", "D2ZX",
    "WRZB", "4RNL", "CWYJ", "SLWD", "TLU2", "BJ5W", "12CE", "8E6O", "VQB3", "RHQZ",
  ],
  intensity_volume_histogram: ["BC2M", "GBPN", "DDTU", "CNV2", "9CMM"],
  glcm: [
    "GYBY", "60VM", "UR99", "TU9B", "TF7R", "D3YU", "NTRS", "ZGXS", "OEEB", "P6QZ", "8ZQL", "ACUI", "8S9J",
    "IB1Z", "NDRX", "WF0Z", "1QCO", "E8JP", "NI2N", "QWB0", "DG8W", "7NFM", "AE86", "R8DG", "JN9H",
  ],
  glrlm: [
    "22OV", "W4KF", "V3SW", "G3QZ", "HTZT", "GD3A", "IVPO", "3KUM", "R5YN", "OVBL", "W92Y", "IC23", "9ZK5",
    "8CE5", "SXLW", "HJ9O",
  ],
  glszm: [
    "5QRC", "48P8", "XMSY", "5GN9", "5RAI", "HW1V", "YH51", "J17V", "JNSA", "Y1RO", "4JP3", "VB3A", "P30P",
    "BYLV", "3NSA", "GU8N",
  ],
  gldzm: [
    "0GBI", "MB4I", "S1RA", "K26C", "RUVG", "DKNJ", "A7WM", "KLTH", "VFT7", "7HP3", "V294", "IATH", "VIWW",
    "QK93", "7WT1", "GBDU",
  ],
  ngtdm: ["QCDE", "65HE", "NQ30", "HDEZ", "1X9X"],
  ngldm: [
    "SODN", "IMOQ", "TL9H", "OAE7", "EQ3F", "JA6D", "NBZI", "9QMG", "FP8K", "5SPA", "Z87G", "OKJI", "6XV8",
    "1PFV", "DNX2", "FCBV", "CAS9",
  ],
};
