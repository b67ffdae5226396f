// Every "now" of the product comes from here, so that the legal clocks (20-day reply, 10-day publication,
// contract expiry) can be tested across their boundaries without sleeping.
import { Injectable } from '@nestjs/common';

@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this server's clock; only reachable through the dev endpoint, which production refuses. */
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  offset(): number {
    return this.offsetMs;
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai (UTC+8, no daylight saving) of an instant. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from calendar date a to calendar date b (YYYY-MM-DD), b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/** Whether 'YYYY-MM-DD' names a real calendar day. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** 2025年3月1日, of an instant in Asia/Shanghai or of a calendar date 'YYYY-MM-DD'. */
export function chineseDate(d: Date | string): string {
  const day = typeof d === 'string' ? d : shanghaiDate(d);
  const [y, m, dd] = day.split('-').map(Number);
  return `${y}年${m}月${dd}日`;
}

/** 2025年3月1日 14:30, of an instant in Asia/Shanghai. */
export function chineseDateTime(d: Date): string {
  const s = new Date(d.getTime() + SHANGHAI_OFFSET_MS);
  return `${chineseDate(d)} ${String(s.getUTCHours()).padStart(2, '0')}:${String(s.getUTCMinutes()).padStart(2, '0')}`;
}
