// The legal clocks, counted as 《民法典》 arts. 200–204 count periods in days: the day of the event is not counted
// (the period starts the next day, art. 201), the period ends at 24:00 of its last day (art. 203), and a last day that
// is a 法定休假日 — a statutory holiday, or a weekend rest day that 调休 has not made a working day — moves to the
// first working day after it (art. 203). Holidays and 调休 come from the `chinese-days` calendar (the State Council's
// yearly arrangements). Every clock of the product uses these functions: the 20-day reply to an invitation (from
// receipt), the 10-day publication of minutes, the 10-day filing of a contract and the 15-day review of it.
import chineseDays from 'chinese-days';
import { addDays, shanghaiDate } from './clock.js';

const { getHolidaysInRange, isWorkday } = chineseDays;

/** The calendar's version, named when it does not cover a year (kept in step with package.json). */
export const CALENDAR_PACKAGE = 'chinese-days 1.5.x';

const covered = new Map<number, boolean>();

/** Whether the holiday calendar holds the State Council's arrangement for `year` (every covered year has 春节 off). */
export function calendarCovers(year: number): boolean {
  if (!covered.has(year)) covered.set(year, getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0);
  return covered.get(year)!;
}

export class CalendarError extends Error {}

/** Refuses to run when the calendar does not cover the year of `now` (Asia/Shanghai): deadlines would be wrong. */
export function assertCalendarCovers(now: Date): void {
  const year = Number(shanghaiDate(now).slice(0, 4));
  if (!calendarCovers(year)) {
    throw new CalendarError(
      `the holiday calendar (${CALENDAR_PACKAGE}) has no arrangement for ${year}, so legal deadlines cannot be counted: update chinese-days (npm update chinese-days -w server) and start again`,
    );
  }
}

/**
 * Whether a day is a 法定休假日: a holiday of the calendar, or a Saturday or Sunday that is not a 调休 working day.
 * In a year the calendar does not cover yet (a deadline in January reached from December), only the weekends and
 * New Year's Day, the one holiday fixed by date that such a deadline can reach, count.
 */
export function isRestDay(day: string): boolean {
  if (calendarCovers(Number(day.slice(0, 4)))) return !isWorkday(day);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6 || day.endsWith('-01-01');
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
