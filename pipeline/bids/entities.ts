/**
 * BIDS file names: `key-value` entities joined by `_`, a suffix, an extension
 * (sub-01_ses-1_acq-mprage_T1w.nii.gz). The order of the entities is fixed by the specification
 * (bids-specification src/schema/rules/entities.yaml); these are their short keys in that order.
 */
export const ENTITY_ORDER = [
  "sub", "tpl", "ses", "cohort", "sample", "task", "tracksys", "acq", "nuc", "voi", "ce", "trc", "stain", "rec", "dir", "run", "mod",
  "echo", "flip", "inv", "mt", "part", "proc", "hemi", "space", "split", "recording", "chunk", "atlas", "seg", "scale", "res", "den",
  "label", "prov", "desc",
] as const;

/** An entity's key and label, in file-name order. */
export type Entities = [key: string, value: string][];

export interface BidsName {
  entities: Entities;
  suffix: string;
  /** with its dot(s): ".nii.gz", ".tsv", ".json". */
  extension: string;
}

/** Labels are alphanumeric (the specification's `label` format). */
export const isLabel = (s: string): boolean => /^[A-Za-z0-9]+$/.test(s);

/** Parses a file name (not a path); undefined when it is not `key-value_..._suffix.ext` with alphanumeric labels. */
export function parseBidsName(name: string): BidsName | undefined {
  const dot = name.indexOf(".");
  if (dot <= 0) return undefined;
  const parts = name.slice(0, dot).split("_");
  const suffix = parts.pop()!;
  if (!isLabel(suffix) || parts.length === 0) return undefined;
  const entities: Entities = [];
  for (const p of parts) {
    const m = /^([a-z]+)-([A-Za-z0-9]+)$/.exec(p);
    if (!m) return undefined;
    entities.push([m[1], m[2]]);
  }
  return { entities, suffix, extension: name.slice(dot) };
}

/** The entities in the specification's order, or the first key that is unknown or out of place. */
export function entityOrderProblem(entities: Entities): string | undefined {
  let last = -1;
  for (const [key] of entities) {
    const at = (ENTITY_ORDER as readonly string[]).indexOf(key);
    if (at < 0) return `unknown entity "${key}"`;
    if (at <= last) return `entity "${key}" out of order (the order is ${ENTITY_ORDER.join(", ")})`;
    last = at;
  }
  return undefined;
}

export const entity = (entities: Entities, key: string): string | undefined => entities.find(([k]) => k === key)?.[1];

/** The entities with `key` set to `value` (replaced, or inserted at its place in the order). */
export function withEntity(entities: Entities, key: string, value: string): Entities {
  const rest = entities.filter(([k]) => k !== key);
  const at = (ENTITY_ORDER as readonly string[]).indexOf(key);
  const before = rest.filter(([k]) => (ENTITY_ORDER as readonly string[]).indexOf(k) < at);
  return [...before, [key, value], ...rest.slice(before.length)];
}

/** `sub-01_ses-1_desc-x` (no suffix, no extension). */
export const entityString = (entities: Entities): string => entities.map(([k, v]) => `${k}-${v}`).join("_");

/** A file name from its parts. */
export const bidsName = (entities: Entities, suffix: string, extension: string): string => `${entityString(entities)}_${suffix}${extension}`;
