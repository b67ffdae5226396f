// How tall a spreadsheet row must be for its wrapped cells: spreadsheet programs do not size rows when they open a
// file, so a row left at the default height shows one line of a two-line cell. Column widths are in Excel's unit (the
// default font's digit: 7 px of Calibri 11). Text is measured for the widest of the fonts it meets, at 9 points: CJK
// takes 12 px; Latin letters and digits take 6 px in 宋体 but up to 8 px in the Hei fonts that stand in for it where
// 宋体 is missing (LibreOffice on Linux), so they are counted at 7 (8 for capitals). Other sizes scale.

const CELL_PADDING_PX = 5;

const charPx = (ch: string, size: number) =>
  ((/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 12 : /[A-Z]/.test(ch) ? 8 : 7) * size) / 9;

/** Pixels a column `width` wide offers its text. */
export const columnPx = (width: number) => Math.trunc(width * 7 + 5) - CELL_PADDING_PX;

/** Lines a value wraps onto in a column `width` wide at `size` points: each explicit line broken where it no longer fits. */
export function wrappedLines(value: unknown, width: number, size = 9): number {
  if (value === null || value === undefined || value === '') return 1;
  const capacity = columnPx(width);
  let lines = 0;
  for (const line of String(value).split('\n')) {
    let used = 0;
    let n = 1;
    for (const ch of line) {
      const px = charPx(ch, size);
      if (used + px > capacity && used > 0) {
        n++;
        used = 0;
      }
      used += px;
    }
    lines += n;
  }
  return lines;
}

/** Points a row of `values` in columns of `widths` needs at `size` points. */
export function linesHeight(values: readonly unknown[], widths: readonly number[], size = 9): number {
  const lines = Math.max(1, ...values.map((v, i) => wrappedLines(v, widths[i] ?? 10, size)));
  return Math.ceil(lines * size * 1.22 + 4);
}
