import type { DicomDataDict, DicomElement } from "dcmjs";
import { deidRuleFor, type DeidRule } from "./deidProfile.js";
import { dictionaryEntry } from "./part10.js";
import type { DeidOptions } from "./types.js";
import { dateShiftDays, patientPseudonym, remapUid } from "./uidRemap.js";

/**
 * DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile, applied from the table in
 * deidProfile.json, with the options Retain Longitudinal Temporal Information (Modified Dates),
 * Retain Device Identity and Clean Descriptors, plus dates reduced to the year. Private attributes
 * are removed. dcmjs's own anonymizer list is not this profile and is not used.
 */

type Action = "X" | "Z" | "D" | "K" | "C" | "U" | "YEAR";

/** What de-identification did to an attribute, in the report's words. */
export type DeidOutcome =
  | "removed" // X, a private attribute, a binary payload
  | "emptied" // Z (kept present, no value)
  | "replaced" // D: a dummy value, or a pseudonym for PatientID
  | "remapped" // UIDs: 2.25. + HMAC of the original
  | "dates shifted"
  | "reduced to the year"
  | "cleaned" // free text with every identifying value removed (Clean Descriptors)
  | "kept"; // K, or a standard attribute the profile does not list

/** Collects, over every data set of a series, which attributes (keywords) had which outcome. */
export class DeidRecord {
  private readonly byOutcome = new Map<DeidOutcome, Set<string>>();
  private readonly privateTags = new Set<string>();

  note(tag: string, outcome: DeidOutcome): void {
    const group = parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1) {
      this.privateTags.add(`(${tag.slice(0, 4)},${tag.slice(4, 8)})`);
      return;
    }
    const name = dictionaryEntry(tag)?.name ?? `(${tag.slice(0, 4)},${tag.slice(4, 8)})`;
    let set = this.byOutcome.get(outcome);
    if (!set) this.byOutcome.set(outcome, (set = new Set()));
    set.add(name);
  }

  /** outcome -> attribute keywords (sorted); the private attributes (all removed) apart, as (gggg,eeee) tags. */
  report(): Partial<Record<DeidOutcome, string[]>> & { private_attributes_removed: string[] } {
    const out: Partial<Record<DeidOutcome, string[]>> & { private_attributes_removed: string[] } = { private_attributes_removed: [...this.privateTags].sort() };
    for (const outcome of ["removed", "emptied", "replaced", "remapped", "dates shifted", "reduced to the year", "cleaned", "kept"] as DeidOutcome[]) {
      const set = this.byOutcome.get(outcome);
      if (set?.size) out[outcome] = [...set].sort();
    }
    return out;
  }
}

/** Per-patient state shared by every instance of a series. */
export interface DeidContext {
  /** when given, every attribute's outcome is noted (for the report). */
  record?: DeidRecord;
  options: DeidOptions;
  /** days subtracted from every date when longitudinal temporal information is retained. */
  shiftDays: number;
  /** original identifying strings found in the data set, removed from cleaned descriptors. */
  identifying: string[];
  /** remaps a UID; overridable so that resampled slices get distinct instance UIDs. */
  uid: (uid: string) => string;
}

const str = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).map(str).join("=");
  return String(v);
};

/** Original identifying values (names, IDs, dates, institution) of a data set, for cleaning free text. */
export function identifyingValues(dict: DicomDataDict): string[] {
  const tags = ["00100010", "00100020", "00101000", "00101001", "00100030", "00080050", "00080080", "00080081", "00080090", "00081050", "00081070", "00200010", "00321032", "00081048", "00081060"];
  const out = new Set<string>();
  for (const t of tags) {
    for (const v of dict[t]?.Value ?? []) {
      for (const token of str(v).split(/[\^=\\,]+|\s+/)) if (token.trim().length >= 2) out.add(token.trim());
    }
  }
  for (const el of Object.values(dict)) {
    if (el.vr === "DA") for (const v of el.Value ?? []) if (str(v).length === 8) out.add(str(v));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

export function createDeidContext(dict: DicomDataDict, options: DeidOptions): DeidContext {
  const patientId = str(dict["00100020"]?.Value?.[0]);
  return {
    options,
    shiftDays: options.retainLongitudinalTemporal ? dateShiftDays(options.key, patientId) : 0,
    identifying: identifyingValues(dict),
    uid: (uid) => remapUid(options.key, uid),
  };
}

/** The action for one listed attribute under the chosen options (table E.1-1 plus the option columns). */
function resolveAction(rule: DeidRule, vr: string, o: DeidOptions): Action {
  const opt = rule.options ?? {};
  if (opt.rtnLongModifDatesOpt) {
    if (o.retainLongitudinalTemporal) return "C";
    if (o.datesToYear && (vr === "DA" || vr === "DT")) return "YEAR";
  }
  if (o.retainDeviceIdentity && opt.rtnDevIdOpt) return opt.rtnDevIdOpt === "K" ? "K" : "C";
  if (o.cleanDescriptors && opt.cleanDescOpt) return "C";
  const choices = rule.basic.replace(/\*/g, "").split("/");
  // Least destructive choice that keeps the instance valid whatever the attribute's type in the
  // IOD (we do not carry the IOD tables): U keeps references (remapped); D keeps a value, which
  // satisfies Type 1 (e.g. Device Serial Number in Enhanced General Equipment) as well as Type 2;
  // Z keeps a Type 2 attribute present and empty; X removes.
  for (const a of ["U", "K", "C", "D", "Z", "X"] as const) if (choices.includes(a)) return a;
  return "X";
}

const DUMMY: Record<string, unknown> = {
  PN: { Alphabetic: "ANONYMOUS" },
  LO: "ANONYMIZED", SH: "ANONYMIZED", LT: "ANONYMIZED", ST: "ANONYMIZED", UT: "ANONYMIZED", UC: "ANONYMIZED",
  CS: "ANONYMIZED", AE: "ANONYMOUS", DA: "19000101", DT: "19000101000000", TM: "000000", AS: "000Y",
  IS: 0, DS: 0, US: 0, SS: 0, UL: 0, SL: 0, FL: 0, FD: 0,
};

function shiftDate(value: string, days: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})(.*)$/.exec(value.trim());
  if (!m) return "";
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]) - days * 86400000);
  const ymd = `${d.getUTCFullYear()}`.padStart(4, "0") + `${d.getUTCMonth() + 1}`.padStart(2, "0") + `${d.getUTCDate()}`.padStart(2, "0");
  return ymd + m[4];
}

const yearOnly = (value: string, vr: string): string => {
  const m = /^(\d{4})/.exec(value.trim());
  return m ? (vr === "DA" ? `${m[1]}0101` : `${m[1]}0101000000`) : "";
};

/**
 * Free text with every original identifying value removed, and anything that looks like a date or
 * a number written by hand into it (a phone number, a record number: 5 or more digits, however
 * grouped): descriptors name protocols and kernels, which never need that many digits.
 */
export function cleanText(text: string, identifying: string[]): string {
  let out = text;
  for (const token of identifying) {
    out = out.replace(new RegExp(token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "");
  }
  out = out.replace(/\b\d{8}\b|\b\d{4}[-./]\d{1,2}[-./]\d{1,2}\b|\b\d{1,2}[-./]\d{1,2}[-./]\d{2,4}\b/g, "");
  out = out.replace(/\+?\(?\d[\d ()./-]*\d/g, (run) => (run.replace(/\D/g, "").length >= 5 ? "" : run));
  return out.replace(/\s{2,}/g, " ").trim();
}

const element = (vr: string, Value: unknown[]): DicomElement => ({ vr, Value });

/** PatientID's dummy value: the keyed reversible pseudonym when one is configured, else the HMAC one. */
const pseudonymOfPatient = (o: DeidOptions, id: string): string =>
  o.patientIdPseudonym ? o.patientIdPseudonym(id.trim()) : patientPseudonym(o.key, id);

/** Applies the profile to a data set (tag-keyed dcmjs dict); returns a new dict, the input is untouched. */
export function deidentifyDataset(dict: DicomDataDict, ctx: DeidContext): DicomDataDict {
  const out: DicomDataDict = {};
  for (const tag of Object.keys(dict)) {
    const el = dict[tag];
    const group = parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1) {
      ctx.record?.note(tag, "removed"); // private attributes: removed (basic profile X)
      continue;
    }
    if (group === 0x0002 || tag === "7FE00010") {
      out[tag] = el;
      continue;
    }
    const rule = deidRuleFor(tag);
    if (!rule) {
      ctx.record?.note(tag, "kept");
      out[tag] = el.vr === "SQ" ? element("SQ", (el.Value ?? []).map((item) => deidentifyDataset(item as DicomDataDict, ctx))) : el;
      continue;
    }
    const action = resolveAction(rule, el.vr, ctx.options);
    const kept = applyAction(tag, el, action, ctx);
    ctx.record?.note(tag, kept ? outcomeOf(action, el.vr) : "removed");
    if (kept) out[tag] = kept;
  }
  return out;
}

/** The report's word for an action that left the attribute in place. */
function outcomeOf(action: Action, vr: string): DeidOutcome {
  if (action === "Z" || (action === "C" && vr === "PN")) return "emptied";
  if (action === "U" || (action === "D" && vr === "UI")) return vr === "SQ" ? "kept" : "remapped";
  if (action === "D") return vr === "SQ" ? "kept" : "replaced";
  if (action === "YEAR") return "reduced to the year";
  if (action === "C") return vr === "DA" || vr === "DT" ? "dates shifted" : vr === "SQ" || vr === "TM" ? "kept" : "cleaned";
  return "kept";
}

function applyAction(tag: string, el: DicomElement, action: Action, ctx: DeidContext): DicomElement | undefined {
  const values = el.Value ?? [];
  switch (action) {
    case "X":
      return undefined;
    case "Z":
      return element(el.vr, []);
    case "D":
      if (tag === "00100020") return element(el.vr, values.length ? [pseudonymOfPatient(ctx.options, str(values[0]))] : []);
      if (el.vr === "UI") return element("UI", values.map((v) => ctx.uid(str(v))));
      // A dummy sequence: its items kept, de-identified attribute by attribute (a Type 1 sequence stays non-empty).
      if (el.vr === "SQ") return element("SQ", values.map((item) => deidentifyDataset(item as DicomDataDict, ctx)));
      if (!(el.vr in DUMMY)) return undefined; // binary payloads (e.g. Encapsulated Document): removed
      return element(el.vr, [DUMMY[el.vr]]);
    case "U":
      if (el.vr === "SQ") return element("SQ", values.map((item) => deidentifyDataset(item as DicomDataDict, ctx)));
      return element(el.vr, values.map((v) => (el.vr === "UI" ? ctx.uid(str(v)) : v)));
    case "K":
      if (el.vr === "SQ") return element("SQ", values.map((item) => deidentifyDataset(item as DicomDataDict, ctx)));
      return el;
    case "YEAR":
      return element(el.vr, values.map((v) => yearOnly(str(v), el.vr)).filter((v) => v !== ""));
    case "C":
      if (el.vr === "SQ") return element("SQ", values.map((item) => deidentifyDataset(item as DicomDataDict, ctx)));
      if (el.vr === "DA" || el.vr === "DT") return element(el.vr, values.map((v) => shiftDate(str(v), ctx.shiftDays)).filter((v) => v !== ""));
      if (el.vr === "TM") return el; // times of day are kept with shifted dates
      if (el.vr === "PN") return element(el.vr, []);
      if (typeof values[0] === "string") {
        return element(el.vr, values.map((v) => cleanText(str(v), ctx.identifying)));
      }
      return el;
  }
}

/** DCM codes (CID 7050) of the de-identification methods applied. */
export function deidMethodCodes(options: DeidOptions, faceRemoved: boolean): Array<{ code: string; meaning: string }> {
  const codes = [{ code: "113100", meaning: "Basic Application Confidentiality Profile" }];
  if (faceRemoved) codes.push({ code: "113102", meaning: "Clean Recognizable Visual Features Option" });
  if (options.cleanDescriptors) codes.push({ code: "113105", meaning: "Clean Descriptors Option" });
  if (options.retainLongitudinalTemporal) {
    codes.push({ code: "113107", meaning: "Retain Longitudinal Temporal Information Modified Dates Option" });
  }
  if (options.retainDeviceIdentity) codes.push({ code: "113109", meaning: "Retain Device Identity Option" });
  return codes;
}

/** Adds PatientIdentityRemoved, DeidentificationMethod and its code sequence to a de-identified dict. */
export function markDeidentified(dict: DicomDataDict, options: DeidOptions, faceRemoved: boolean): void {
  const codes = deidMethodCodes(options, faceRemoved);
  const parts = ["PS3.15 Annex E Basic Profile (deface-impact)"];
  if (faceRemoved) parts.push("face removed");
  if (options.retainLongitudinalTemporal) parts.push("dates shifted per patient");
  else if (options.datesToYear) parts.push("dates reduced to year");
  if (options.retainDeviceIdentity) parts.push("device identity retained");
  if (options.cleanDescriptors) parts.push("descriptors cleaned");
  dict["00120062"] = element("CS", ["YES"]);
  // LO holds at most 64 characters per value; the list is split into several values.
  dict["00120063"] = element("LO", parts.map((p) => p.slice(0, 64)));
  dict["00120064"] = element(
    "SQ",
    codes.map((c) => ({
      "00080100": element("SH", [c.code]),
      "00080102": element("SH", ["DCM"]),
      "00080104": element("LO", [c.meaning]),
    })),
  );
  dict["00280303"] = element("CS", [options.retainLongitudinalTemporal || options.datesToYear ? "MODIFIED" : "REMOVED"]);
}
