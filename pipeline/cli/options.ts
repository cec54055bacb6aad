import { InvalidArgumentError } from "commander";

/** Parsers shared by the commands: they turn bad values into commander usage errors (exit 2). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError("expected a positive number");
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError("expected a number >= 0");
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number >= 0");
  return n;
}

export const commaList = (value: string): string[] => value.split(",").map((s) => s.trim()).filter(Boolean);

/** For repeatable options: --fill zero --fill min. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
