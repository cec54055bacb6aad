/**
 * Calendar dates as whole days since 1970-01-01 (UTC, proleptic Gregorian), and their coarser
 * periods. Accepted forms: ISO 8601 YYYY-MM-DD (the tables' convention) and DICOM's YYYYMMDD.
 */

const MS_PER_DAY = 86_400_000;

/** Day number of a date, or NaN when the text is not a valid date. */
export function parseDay(text: string): number {
  const m = /^\s*(\d{4})-?(\d{2})-?(\d{2})\s*$/.exec(text);
  if (!m) return NaN;
  const y = +m[1], mo = +m[2], d = +m[3];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  // Date.UTC rolls 2023-02-30 over into March: such a date is invalid
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return t / MS_PER_DAY;
}

const ymd = (day: number) => {
  const d = new Date(day * MS_PER_DAY);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
};

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export const formatDay = (day: number): string => {
  const { y, m, d } = ymd(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};

/**
 * The interval [first, last] of days a date-like label covers: a date, a month "YYYY-MM", an ISO week
 * "YYYY-Www", a quarter "YYYY-Qn" or a year "YYYY". NaNs when the label is none of these.
 */
export function dayInterval(text: string): [number, number] {
  const s = text.trim();
  const day = parseDay(s);
  if (!Number.isNaN(day)) return [day, day];
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 12) {
    return [Date.UTC(+m[1], +m[2] - 1, 1) / MS_PER_DAY, Date.UTC(+m[1], +m[2], 1) / MS_PER_DAY - 1];
  }
  m = /^(\d{4})-W(\d{2})$/.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 53) {
    const monday = isoWeekOneMonday(+m[1]) + 7 * (+m[2] - 1);
    return [monday, monday + 6];
  }
  m = /^(\d{4})-Q([1-4])$/.exec(s);
  if (m) return [Date.UTC(+m[1], 3 * (+m[2] - 1), 1) / MS_PER_DAY, Date.UTC(+m[1], 3 * +m[2], 1) / MS_PER_DAY - 1];
  m = /^(\d{4})$/.exec(s);
  if (m) return [Date.UTC(+m[1], 0, 1) / MS_PER_DAY, Date.UTC(+m[1] + 1, 0, 1) / MS_PER_DAY - 1];
  return [NaN, NaN];
}

/** Monday of ISO week 1 of an ISO week-numbering year (the week holding 4 January). */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4) / MS_PER_DAY;
  const weekday = (new Date(jan4 * MS_PER_DAY).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - weekday;
}

export type DatePeriod = "week" | "month" | "quarter" | "year";
export const DATE_PERIODS: DatePeriod[] = ["week", "month", "quarter", "year"];

/** The label of the period holding a day: "2023-W16", "2023-04", "2023-Q2", "2023". */
export function datePeriod(day: number, period: DatePeriod): string {
  const { y, m } = ymd(day);
  switch (period) {
    case "year":
      return pad(y, 4);
    case "quarter":
      return `${pad(y, 4)}-Q${Math.ceil(m / 3)}`;
    case "month":
      return `${pad(y, 4)}-${pad(m)}`;
    case "week": {
      // ISO 8601: the week belongs to the year of its Thursday
      const weekday = (new Date(day * MS_PER_DAY).getUTCDay() + 6) % 7;
      const thursday = day - weekday + 3;
      const isoYear = ymd(thursday).y;
      const week = Math.floor((thursday - isoWeekOneMonday(isoYear)) / 7) + 1;
      return `${pad(isoYear, 4)}-W${pad(week)}`;
    }
  }
}
