// Reading a roster file: a .csv (UTF-8 or GBK, as Excel saves it in China) or an .xlsx, one person a row. In each
// row the first cell holding a mainland mobile number is taken; a first row without digits is a header. Numbers
// exist only in memory while the file is read: the caller keeps their keyed hashes.
import { exceljs } from '../common/libraries.js';
import { normalizePhone } from './roll-keys.js';

export interface RosterRows {
  phones: string[];
  skipped: { line: number; reason: string }[];
  skippedCount: number;
  duplicates: number;
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Rows of cells, or null when the file is neither csv text nor an xlsx workbook. */
async function rowsOf(buf: Buffer): Promise<string[][] | null> {
  if (isZip(buf)) {
    const wb = new (exceljs().Workbook)();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      return null;
    }
    const sheet = wb.worksheets[0];
    if (!sheet) return [];
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        cells.push(v === null || v === undefined ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v));
      });
      rows[n - 1] = cells;
    });
    return Array.from(rows, (r) => r ?? []);
  }
  // Digits, commas and line breaks read the same in UTF-8 and GBK; a NUL byte means a binary file.
  if (buf.includes(0)) return null;
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  return text.split(/\r\n|\n|\r/).map((line) => line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, '')));
}

/** The phone numbers of a roster file, distinct, with what was skipped; null when the file cannot be read. */
export async function readRoster(buf: Buffer): Promise<RosterRows | null> {
  const rows = await rowsOf(buf);
  if (!rows) return null;
  const seen = new Set<string>();
  const out: RosterRows = { phones: [], skipped: [], skippedCount: 0, duplicates: 0 };
  rows.forEach((cells, i) => {
    if (cells.every((c) => !c)) return;
    if (i === 0 && !cells.some((c) => /\d/.test(c))) return;
    const phone = cells.map((c) => normalizePhone(c)).find((p) => p !== null);
    if (!phone) {
      out.skippedCount++;
      if (out.skipped.length < 20) out.skipped.push({ line: i + 1, reason: '没有有效的手机号' });
      return;
    }
    if (seen.has(phone)) out.duplicates++;
    else {
      seen.add(phone);
      out.phones.push(phone);
    }
  });
  return out;
}
