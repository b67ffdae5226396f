// The legal clocks, counted as 《民法典》 arts. 200–204 count periods in days: the day of the event is not counted
// (the period starts the next day, art. 201), the period ends at 24:00 of its last day (art. 203), and a last day that
// is a 法定休假日 — a statutory holiday, or a weekend rest day that 调休 has not made a working day — moves to the
// first working day after it (art. 203). Holidays and 调休 come from the `chinese-days` calendar (the State Council's
// yearly arrangements). Every clock of the product uses these functions: the 20-day reply to an invitation (from
// receipt), the 10-day publication of minutes, the 10-day filing of a contract and the 15-day review of it.
// A year the package does not hold yet can be supplied by the operator (HOLIDAYS_FILE, read by the configuration):
// the State Council's notice in the package's own data format.
import chineseDays from 'chinese-days';
import { addDays, shanghaiDate } from './clock.js';

const { getHolidaysInRange, isWorkday } = chineseDays;

/** The calendar's version, named when it does not cover a year (kept in step with package.json). */
export const CALENDAR_PACKAGE = 'chinese-days 1.5.x';

const covered = new Map<number, boolean>();

export class CalendarError extends Error {}

/**
 * Years of holidays and 调休 working days the operator supplies, in the format of chinese-days' own
 * `dist/chinese-days.json` ({ holidays: { "2027-01-01": "New Year's Day,元旦,1", … }, workdays: { … } }), so the
 * package's next release or the State Council's notice typed by hand both fit. For the years it holds it replaces the
 * package's arrangement.
 */
export interface CalendarSupplement {
  years: number[];
  holidays: Set<string>;
  workdays: Set<string>;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

const weekend = (day: string): boolean => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/**
 * Reads a supplement, refusing anything that would count a deadline wrongly: a key that is not a calendar day, a day
 * both a holiday and a working day, a 调休 working day that is not a Saturday or Sunday, and a year without its
 * 元旦 (1 January is a holiday every year, so a year that lacks it is incomplete). `source` names the file.
 */
export function parseCalendarSupplement(text: string, source: string): CalendarSupplement {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CalendarError(`${source} is not JSON`);
  }
  const record = (key: 'holidays' | 'workdays'): Record<string, unknown> => {
    const value = (data as Record<string, unknown> | null)?.[key];
    if (value === undefined) return {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new CalendarError(`${source}: "${key}" must be an object of YYYY-MM-DD days to their names`);
    }
    return value as Record<string, unknown>;
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new CalendarError(`${source} must be an object with "holidays" and "workdays"`);
  }
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const [key, into] of [
    ['holidays', holidays],
    ['workdays', workdays],
  ] as const) {
    for (const day of Object.keys(record(key))) {
      if (!validDay(day)) throw new CalendarError(`${source}: "${day}" in ${key} is not a YYYY-MM-DD calendar day`);
      into.add(day);
    }
  }
  for (const day of workdays) {
    if (holidays.has(day)) throw new CalendarError(`${source}: ${day} is both a holiday and a working day`);
    if (!weekend(day)) throw new CalendarError(`${source}: ${day} in workdays is not a Saturday or Sunday (调休 only moves weekend days)`);
  }
  const years = [...new Set([...holidays, ...workdays].map((day) => Number(day.slice(0, 4))))].sort();
  if (years.length === 0) throw new CalendarError(`${source} holds no days`);
  for (const year of years) {
    if (!holidays.has(`${year}-01-01`))
      throw new CalendarError(`${source}: ${year} has no 元旦 (${year}-01-01) among its holidays, so the year is incomplete`);
  }
  return { years, holidays, workdays };
}

let supplement: CalendarSupplement | null = null;

/** Puts a supplement in force (null removes it): from now on its years are counted from it. */
export function useCalendarSupplement(next: CalendarSupplement | null): void {
  supplement = next;
  covered.clear();
}

const supplied = (year: number): boolean => supplement?.years.includes(year) ?? false;

/** Whether the holiday calendar holds the State Council's arrangement for `year` (every covered year has 春节 off). */
export function calendarCovers(year: number): boolean {
  if (supplied(year)) return true;
  if (!covered.has(year)) covered.set(year, getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0);
  return covered.get(year)!;
}

/** Refuses to run when the calendar does not cover the year of `now` (Asia/Shanghai): deadlines would be wrong. */
export function assertCalendarCovers(now: Date): void {
  const year = Number(shanghaiDate(now).slice(0, 4));
  if (!calendarCovers(year)) {
    throw new CalendarError(
      `the holiday calendar (${CALENDAR_PACKAGE}) has no arrangement for ${year}, so legal deadlines cannot be counted: update chinese-days (npm update chinese-days -w server), or give the State Council's arrangement for ${year} in HOLIDAYS_FILE, and start again`,
    );
  }
}

/**
 * Whether a day is a 法定休假日: a holiday of the calendar, or a Saturday or Sunday that is not a 调休 working day.
 * In a year the calendar does not cover yet (a deadline in January reached from December), only the weekends and
 * New Year's Day, the one holiday fixed by date that such a deadline can reach, count.
 */
export function isRestDay(day: string): boolean {
  if (supplied(Number(day.slice(0, 4)))) return supplement!.holidays.has(day) || (weekend(day) && !supplement!.workdays.has(day));
  if (calendarCovers(Number(day.slice(0, 4)))) return !isWorkday(day);
  return weekend(day) || day.endsWith('-01-01');
}

/**
 * The last day of a period of `days` days counted from an event on `eventDay` (YYYY-MM-DD, Asia/Shanghai): the day
 * `days` days after it (the event's own day is not counted), moved past any 法定休假日 it falls on.
 */
export function periodLastDay(eventDay: string, days: number): string {
  let last = addDays(eventDay, days);
  while (isRestDay(last)) last = addDays(last, 1);
  return last;
}

/** The instant a period whose last day is `lastDay` ends: 24:00 Asia/Shanghai, held as that day's last millisecond. */
export function periodEnd(lastDay: string): Date {
  return new Date(Date.parse(`${addDays(lastDay, 1)}T00:00:00+08:00`) - 1);
}

/** A period of `days` days from an event at instant `at`: its last day and the instant it ends. */
export function deadlineAfter(at: Date, days: number): { lastDay: string; endsAt: Date } {
  const lastDay = periodLastDay(shanghaiDate(at), days);
  return { lastDay, endsAt: periodEnd(lastDay) };
}
