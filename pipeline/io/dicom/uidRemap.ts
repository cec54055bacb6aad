import { createHmac, randomBytes } from "node:crypto";

/** The secret for UID remapping and date shifts: the user's `--deid-key`, else a random one that is never stored. */
export const resolveDeidKey = (key?: string): string | Uint8Array => (key !== undefined && key !== "" ? key : randomBytes(32));

const hmac = (key: string | Uint8Array, text: string): Buffer => createHmac("sha256", key).update(text, "utf8").digest();

/**
 * New UID for an original one: "2.25." followed by the decimal value of the first 128 bits of
 * HMAC-SHA-256(key, uid). Same key and UID -> same new UID, so study/series/frame-of-reference
 * links survive; without the key the original cannot be recovered.
 */
export function remapUid(key: string | Uint8Array, uid: string): string {
  const clean = uid.replace(/[\0 ]+$/, "").trim();
  const digest = hmac(key, clean).subarray(0, 16);
  return `2.25.${BigInt(`0x${digest.toString("hex")}`).toString(10)}`;
}

/** Per-patient date shift in days (1..3650, backwards), derived from the key and the original patient ID. */
export function dateShiftDays(key: string | Uint8Array, patientId: string): number {
  return (hmac(key, `date-shift:${patientId}`).readUInt32BE(0) % 3650) + 1;
}

/** A stable pseudonymous patient ID (dummy value D of the profile), consistent across series for one key. */
export function patientPseudonym(key: string | Uint8Array, patientId: string): string {
  return `DEID-${hmac(key, `patient-id:${patientId}`).subarray(0, 6).toString("hex").toUpperCase()}`;
}
