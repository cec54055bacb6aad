import { inputError } from "../../analysis/core/errors.js";
import { Pseudonymiser } from "../../analysis/privacy/pseudonym/pseudonym.js";

/** PatientID → its FF1 pseudonym; an ID FF1 cannot take (too short) is an input error naming the DICOM input. */
export function patientIdPseudonymiser(key: Uint8Array, source: string): (id: string) => string {
  const p = new Pseudonymiser(key);
  return (id) => {
    try {
      return p.pseudonymise(id);
    } catch (err) {
      throw inputError(`PatientID: ${(err as Error).message}`, source, err);
    }
  };
}
