import {
  assertCalendarCovers,
  calendarCovers,
  CalendarError,
  deadlineAfter,
  isRestDay,
  parseCalendarSupplement,
  periodEnd,
  periodLastDay,
  useCalendarSupplement,
} from './legal-clock.js';

describe('the legal clock (《民法典》 arts. 201, 203)', () => {
  it('does not count the day of the event, and ends on the day the period reaches when it is a working day', () => {
    // Received Tuesday 1 December 2026: the 20th day after is Monday 21 December.
    expect(periodLastDay('2026-12-01', 20)).toBe('2026-12-21');
    expect(periodLastDay('2026-12-01', 1)).toBe('2026-12-02');
  });

  it('ends at 24:00 Asia/Shanghai of the last day: 23:59:59.999 is inside, 00:00:00 the next day is not', () => {
    const end = periodEnd('2026-12-21');
    expect(end.toISOString()).toBe('2026-12-21T15:59:59.999Z');
    expect(Date.parse('2026-12-21T23:59:59+08:00')).toBeLessThanOrEqual(end.getTime());
    expect(Date.parse('2026-12-22T00:00:00+08:00')).toBeGreaterThan(end.getTime());
    // An event late in the evening in Shanghai is on that Shanghai day, though it is still the day before in UTC.
    expect(deadlineAfter(new Date('2026-11-30T16:30:00Z'), 20).lastDay).toBe('2026-12-21');
  });

  it('moves a last day on a weekend to the Monday', () => {
    expect(isRestDay('2024-12-21')).toBe(true); // Saturday
    expect(periodLastDay('2024-12-01', 20)).toBe('2024-12-23');
  });

  it('moves a last day in the National Day holiday to the first working day after it', () => {
    // 2024: 1–7 October off; 8 October a Tuesday.
    expect(periodLastDay('2024-09-11', 20)).toBe('2024-10-08');
    expect(periodLastDay('2024-09-21', 10)).toBe('2024-10-08');
  });

  it('moves a last day in the Spring Festival holiday to the first working day after it', () => {
    // 2025: 28 January – 4 February off (8 February, a Saturday, is worked instead).
    expect(periodLastDay('2025-01-09', 20)).toBe('2025-02-05');
  });

  it('keeps a last day on a 调休 Saturday that is a working day, and can move onto one', () => {
    // 2024-10-12 is a Saturday worked in exchange for the National Day holiday.
    expect(isRestDay('2024-10-12')).toBe(false);
    expect(periodLastDay('2024-09-22', 20)).toBe('2024-10-12');
    // 2023: 29 September – 6 October off; Saturday 7 October worked.
    expect(periodLastDay('2023-09-15', 20)).toBe('2023-10-07');
  });

  it('refuses to run in a year the calendar does not cover, and falls back to weekends for a deadline reaching into one', () => {
    expect(calendarCovers(2026)).toBe(true);
    expect(calendarCovers(2099)).toBe(false);
    expect(() => assertCalendarCovers(new Date('2026-12-01T00:00:00Z'))).not.toThrow();
    expect(() => assertCalendarCovers(new Date('2099-03-01T00:00:00Z'))).toThrow(CalendarError);
    expect(() => assertCalendarCovers(new Date('2099-03-01T00:00:00Z'))).toThrow(/2099/);
    expect(isRestDay('2099-01-01')).toBe(true);
    expect(isRestDay('2099-01-03')).toBe(true); // Saturday
    expect(isRestDay('2099-01-05')).toBe(false);
  });

  describe('a year supplied by the operator (HOLIDAYS_FILE)', () => {
    // A made-up arrangement for a year no calendar holds, in chinese-days' own format: 元旦 on Thursday 1 January,
    // Friday 2 January off in exchange for Sunday 4 January, and a three-day holiday from Monday 23 March.
    const text = JSON.stringify({
      holidays: {
        '2099-01-01': "New Year's Day,元旦,1",
        '2099-01-02': "New Year's Day,元旦,1",
        '2099-03-23': 'Test Day,测试节,3',
        '2099-03-24': 'Test Day,测试节,3',
        '2099-03-25': 'Test Day,测试节,3',
      },
      workdays: { '2099-01-04': "New Year's Day,元旦,1" },
    });
    afterEach(() => useCalendarSupplement(null));

    it('covers its years and counts deadlines through its holidays and 调休 working days', () => {
      useCalendarSupplement(parseCalendarSupplement(text, 'HOLIDAYS_FILE'));
      expect(calendarCovers(2099)).toBe(true);
      expect(() => assertCalendarCovers(new Date('2099-03-01T00:00:00Z'))).not.toThrow();
      expect(isRestDay('2099-01-02')).toBe(true); // a Friday off
      expect(isRestDay('2099-01-04')).toBe(false); // a Sunday worked
      expect(isRestDay('2099-01-05')).toBe(false);
      // Twenty days from Tuesday 3 March reach Monday 23 March, a holiday: the period ends on Thursday 26 March.
      expect(periodLastDay('2099-03-03', 20)).toBe('2099-03-26');
      // The package's own years are untouched.
      expect(periodLastDay('2024-09-11', 20)).toBe('2024-10-08');
    });

    it('stops counting from it once it is removed', () => {
      useCalendarSupplement(parseCalendarSupplement(text, 'HOLIDAYS_FILE'));
      useCalendarSupplement(null);
      expect(calendarCovers(2099)).toBe(false);
      expect(periodLastDay('2099-03-03', 20)).toBe('2099-03-23');
    });

    it.each([
      ['not json', /HOLIDAYS_FILE is not JSON/],
      ['[]', /must be an object/],
      ['{}', /holds no days/],
      [JSON.stringify({ holidays: [] }), /"holidays" must be an object/],
      [JSON.stringify({ holidays: { '2099-02-30': 'x' } }), /"2099-02-30" in holidays is not a YYYY-MM-DD calendar day/],
      [JSON.stringify({ holidays: { '2099/01/01': 'x' } }), /not a YYYY-MM-DD calendar day/],
      [
        JSON.stringify({ holidays: { '2099-01-01': 'x', '2099-01-03': 'x' }, workdays: { '2099-01-03': 'x' } }),
        /both a holiday and a working day/,
      ],
      [
        JSON.stringify({ holidays: { '2099-01-01': 'x' }, workdays: { '2099-01-05': 'x' } }),
        /2099-01-05 in workdays is not a Saturday or Sunday/,
      ],
      [JSON.stringify({ holidays: { '2099-10-01': 'x' } }), /2099 has no 元旦/],
    ])('refuses %s', (bad, message) => {
      expect(() => parseCalendarSupplement(bad, 'HOLIDAYS_FILE')).toThrow(message);
    });

    it("reads the package's own data file, so its next release can be dropped in before it is installed", async () => {
      const { readFileSync } = await import('node:fs');
      const { createRequire } = await import('node:module');
      const file = createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
      const own = parseCalendarSupplement(readFileSync(file, 'utf8'), 'chinese-days.json');
      expect(own.years).toContain(2026);
      expect(own.holidays.has('2026-10-01')).toBe(true);
    });
  });
});
