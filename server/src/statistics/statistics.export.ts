// The official table (附件1) and the ledger (附件2) as Excel workbooks and CSV, laid out from the shared form data.
import {
  FORM_COLUMNS,
  FORM_DATE_LABEL,
  FORM_UNIT_LABEL,
  formCellValue,
  formTitle,
  type FormFigures,
  type FormSection,
  type KeyTaskFigures,
} from '@xst/shared-types';
import { exceljs } from '../common/libraries.js';
import { chineseDate } from '../common/clock.js';
import { linesHeight, wrappedLines } from '../common/print-layout.js';

export interface FormSheet {
  year: string;
  unitName: string;
  /** 填报日期, YYYY-MM-DD. */
  reportDate: string;
  from: string;
  to: string;
  sections: FormSection[];
  figures: FormFigures;
}

const col = (i: number) => String.fromCharCode(65 + i); // A..L
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function keyTaskNote(k: KeyTaskFigures): string {
  return (
    `重点企业单独签订集体合同比例 ${percent(k.ownContractRate)}（目标 ≥ ${k.ownContractTarget * 100}%），` +
    `其中已生效（报送审查满 15 日无异议）${k.withOwnContractInEffect} 家；` +
    `质效评估覆盖重点企业比例 ${percent(k.qualityEvaluatedRate)}（目标 2025 年底 ≥ ${k.qualityEvaluationTarget * 100}%）`
  );
}

/** The rows of the table as text cells with their spans: the one description both xlsx and csv are drawn from. */
export interface LaidOutRow {
  kind: 'title' | 'meta' | 'section' | 'group' | 'header' | 'values' | 'note';
  cells: { value: string | number; span: number }[];
}

export function layOut(sheet: FormSheet): LaidOutRow[] {
  const rows: LaidOutRow[] = [
    { kind: 'title', cells: [{ value: formTitle(sheet.year), span: FORM_COLUMNS }] },
    {
      kind: 'meta',
      cells: [
        { value: FORM_UNIT_LABEL + sheet.unitName, span: 8 },
        { value: `统计期间：${sheet.from} 至 ${sheet.to}`, span: 4 },
      ],
    },
    { kind: 'meta', cells: [{ value: FORM_DATE_LABEL + chineseDate(sheet.reportDate), span: FORM_COLUMNS }] },
  ];
  for (const section of sheet.sections) {
    rows.push({ kind: 'section', cells: [{ value: section.title, span: FORM_COLUMNS }] });
    if (section.groups) rows.push({ kind: 'group', cells: section.groups.map((g) => ({ value: g.label, span: g.span })) });
    rows.push({ kind: 'header', cells: section.cells.map((c) => ({ value: c.label, span: c.span })) });
    rows.push({ kind: 'values', cells: section.cells.map((c) => ({ value: formCellValue(sheet.figures, c.source), span: c.span })) });
    if (section.key === 'keyTasks')
      rows.push({ kind: 'note', cells: [{ value: keyTaskNote(sheet.figures.keyTasks), span: FORM_COLUMNS }] });
  }
  return rows;
}

const HEIGHTS: Record<LaidOutRow['kind'], number> = { title: 32, meta: 20, section: 22, group: 36, header: 66, values: 22, note: 22 };

export async function formWorkbook(sheet: FormSheet, sheetName = '统计表'): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = '协商通';
  const ws = wb.addWorksheet(sheetName, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  // 7 Chinese characters a line at width 15; the long headers of 四 wrap onto four lines of the 66-point row.
  ws.columns = Array.from({ length: FORM_COLUMNS }, () => ({ width: 15 }));
  const rows = layOut(sheet);
  rows.forEach((row, i) => {
    const r = i + 1;
    let c = 0;
    for (const cell of row.cells) {
      const from = `${col(c)}${r}`;
      const to = `${col(c + cell.span - 1)}${r}`;
      if (cell.span > 1) ws.mergeCells(`${from}:${to}`);
      const target = ws.getCell(from);
      target.value = cell.value;
      const table = row.kind !== 'title' && row.kind !== 'meta' && row.kind !== 'note';
      target.alignment = {
        vertical: 'middle',
        horizontal: row.kind === 'section' || row.kind === 'meta' || row.kind === 'note' ? 'left' : 'center',
        wrapText: true,
      };
      target.font = {
        name: '宋体',
        size: row.kind === 'title' ? 16 : 10,
        bold: row.kind === 'title' || row.kind === 'section' || row.kind === 'group',
      };
      if (row.kind === 'values') target.numFmt = '0';
      if (table) for (let k = c; k < c + cell.span; k++) ws.getCell(`${col(k)}${r}`).border = BORDER;
      if (row.kind === 'section') target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
      c += cell.span;
    }
    ws.getRow(r).height = HEIGHTS[row.kind];
  });
  ws.pageSetup.printArea = `A1:${col(FORM_COLUMNS - 1)}${rows.length}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV cannot merge: a spanning header stands in its first column. A BOM lets Excel read the UTF-8. */
export function formCsv(sheet: FormSheet): string {
  const lines = layOut(sheet).map((row) => {
    const out: (string | number)[] = [];
    for (const cell of row.cells) out.push(cell.value, ...Array(cell.span - 1).fill(''));
    return out.map(csvCell).join(',');
  });
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export function csvOf(rows: (string | number | null)[][]): string {
  return `\ufeff${rows.map((r) => r.map((v) => csvCell(v ?? '')).join(',')).join('\r\n')}\r\n`;
}

// ---- 工作台账明细表 ----

export type LedgerRow = (string | number | null)[];

/** What stands above the rows: title, 填报单位, 填报日期 and the header row. */
export interface LedgerHead {
  year: string;
  unitName: string;
  reportDate: string;
  columns: { header: string; width: number }[];
}

/** Rows handed to the writer a page at a time; it commits each row as it comes and keeps none. */
export interface LedgerWriter {
  addRows(rows: LedgerRow[]): void;
  /** Writes what is left (for xlsx: merges, filter, the rest of the package); resolves once `out` has taken it all. */
  commit(): Promise<void>;
  /** Stops writing (the client went away or a page failed): nothing more is written to `out`. */
  abort(): void;
}

export const ledgerTitle = (year: string) => `${year}年全省集体协商集中要约活动工作台账明细表`;

// The print layout. 21 columns fit the width of A4 landscape at about 81%, so the 9-point body prints at 7.2 points
// or more. Widths (see common/print-layout.ts) are chosen for their contents: a contract cell is two lines of
// "YYYY-MM-DD 签订"; headers wrap.
export const LEDGER_FONT_SIZE = 9;
export const LEDGER_MARGINS = { left: 0.25, right: 0.25, top: 0.4, bottom: 0.45, header: 0.2, footer: 0.2 };

/** Points a row needs to show every cell whole. */
const rowHeight = (values: LedgerRow, columns: LedgerHead['columns']) =>
  linesHeight(
    values,
    columns.map((c) => c.width),
    LEDGER_FONT_SIZE,
  );

const BODY_FONT = { name: '宋体', size: LEDGER_FONT_SIZE };
const BODY_STYLE = { font: BODY_FONT, alignment: { vertical: 'middle' as const, wrapText: true }, border: BORDER };

/**
 * Streams the ledger as xlsx into `out` with ExcelJS's streaming writer: rows are committed as they are added, so
 * memory holds a page, not the sheet. Strings are written inline (no shared-strings table to keep until the end).
 * Every body cell carries the one column style object: ExcelJS caches a style's id by object, so a shared object is
 * registered once instead of once per cell. Each row carries the height its wrapped cells need: spreadsheet programs
 * do not size rows when they open a file, so a row left at the default height shows one line of a two-line cell.
 */
export function ledgerWriter(head: LedgerHead, out: NodeJS.WritableStream): LedgerWriter {
  const { wb, ws } = ledgerSheet(head, out);
  // Body rows go straight to the sheet's stream as the XML ExcelJS's row model would write for them (the one body
  // style, inline strings): building ExcelJS's row and cell objects for every cell cost most of the export's time.
  // statistics.export.spec.ts checks that both write the same bytes.
  const sheet = ws as unknown as SheetStream;
  const styleId = (wb as unknown as { styles: { addStyleModel(s: object): number } }).styles.addStyleModel(BODY_STYLE);
  const height = rowHeights(head.columns);
  return {
    addRows(rows) {
      let xml = '';
      for (const values of rows) xml += ledgerRowXml(sheet._rowZero++, values, styleId, height(values));
      sheet.stream.write(xml);
    },
    async commit() {
      ws.commit();
      await wb.commit();
    },
    abort() {
      const zip = (wb as unknown as { zip?: { abort(): void } }).zip;
      zip?.abort();
    },
  };
}

/** The ledger's workbook with rows 1–4 (title, 填报单位, 填报日期, header) committed, and the body style on every column. */
export function ledgerSheet(head: LedgerHead, out: NodeJS.WritableStream) {
  const wb = new (exceljs().stream.xlsx.WorkbookWriter)({ stream: out as never, useStyles: true, useSharedStrings: false });
  wb.creator = '协商通';
  const ws = wb.addWorksheet('工作台账明细表', {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: LEDGER_MARGINS,
      printTitlesRow: '4:4',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 4, xSplit: 3 }],
  });
  const n = head.columns.length;
  const last = n <= 26 ? String.fromCharCode(64 + n) : 'Z';
  ws.columns = head.columns.map((c) => ({ width: c.width, style: BODY_STYLE }));
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = ledgerTitle(head.year);
  ws.getCell('A1').font = { name: '宋体', size: 14, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
  for (const r of [1, 2, 3]) ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => (cell.border = {}));
  ws.getRow(1).height = 26;
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = FORM_UNIT_LABEL + head.unitName;
  ws.mergeCells(`A3:${last}3`);
  ws.getCell('A3').value = FORM_DATE_LABEL + chineseDate(head.reportDate);
  for (const r of [2, 3]) ws.getRow(r).height = 16;
  const header = ws.getRow(4);
  head.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: '宋体', size: LEDGER_FONT_SIZE, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  header.height = rowHeight(
    head.columns.map((c) => c.header),
    head.columns,
  );
  header.commit(); // rows 1–4
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: n } };
  return { wb, ws };
}

/** What of ExcelJS's streaming worksheet the ledger writes its body rows through, once rows 1–4 are committed. */
interface SheetStream {
  /** The number of the next row. */
  _rowZero: number;
  stream: { write(xml: string): void };
}

/** Row heights as rowHeight measures them, each column's values measured once (most repeat: 是/否, regions, dates). */
function rowHeights(columns: LedgerHead['columns']): (values: LedgerRow) => number {
  const seen = columns.map(() => new Map<string | number, number>());
  return (values) => {
    let lines = 1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === '') continue;
      let n = seen[i].get(v);
      if (n === undefined) {
        n = wrappedLines(v, columns[i]?.width ?? 10, LEDGER_FONT_SIZE);
        seen[i].set(v, n);
      }
      if (n > lines) lines = n;
    }
    return Math.ceil(lines * LEDGER_FONT_SIZE * 1.22 + 4);
  };
}

const columnLetters = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};
const LETTERS = Array.from({ length: 64 }, (_, i) => columnLetters(i));

/** Text as ExcelJS encodes it in XML: the five entities escaped, control characters other than tab and line breaks dropped. */
export function xmlText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is dropped
  return text.replace(/[<>&'"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : c === '"' ? '&quot;' : '',
  );
}

/** One body row as ExcelJS writes a row of `values` whose every cell carries the style `styleId`, `height` points tall. */
export function ledgerRowXml(number: number, values: LedgerRow, styleId: number, height: number): string {
  const s = styleId ? ` s="${styleId}"` : '';
  let xml = `<row r="${number}" ht="${height}" customHeight="1" spans="1:${values.length}" x14ac:dyDescent="0.25">`;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const r = LETTERS[i] + number;
    if (v === null || v === undefined) xml += `<c r="${r}"${s}/>`;
    else if (typeof v === 'number') xml += `<c r="${r}"${s}><v>${v}</v></c>`;
    else xml += `<c r="${r}"${s} t="str"><v>${xmlText(v)}</v></c>`;
  }
  return `${xml}</row>`;
}

/** The same ledger as csv: the title lines, the header and one line per row; a cell's line breaks become "，". */
export function ledgerCsvWriter(head: LedgerHead, out: NodeJS.WritableStream): LedgerWriter {
  const line = (values: LedgerRow) =>
    `${values.map((v) => csvCell(typeof v === 'string' ? v.replace(/\n/g, '，') : (v ?? ''))).join(',')}\r\n`;
  out.write(
    `\ufeff${line([ledgerTitle(head.year)])}${line([FORM_UNIT_LABEL + head.unitName])}${line([FORM_DATE_LABEL + chineseDate(head.reportDate)])}${line(head.columns.map((c) => c.header))}`,
  );
  let stopped = false;
  return {
    addRows(rows) {
      if (!stopped) out.write(rows.map(line).join(''));
    },
    commit() {
      return new Promise((resolve) => out.end(resolve));
    },
    abort() {
      stopped = true;
    },
  };
}
