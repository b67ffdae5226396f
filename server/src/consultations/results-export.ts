// The results as files for organizers: an Excel workbook laid out for A4 (the summary with every topic on one page,
// the breakdowns and the suggestions after it) and a CSV of the same summary, topics and breakdowns.
import type { Consultation, Participation, PublishedResults as ConsultationResults, ResultGroup } from '@xst/shared-types';
import { CONSULTATION_MODE_LABELS, ELIGIBILITY_LABELS, INDUSTRY_LABELS } from '@xst/shared-types';
import type ExcelJS from 'exceljs';
import { exceljs } from '../common/libraries.js';
import { chineseDateTime } from '../common/clock.js';
import { linesHeight } from '../common/print-layout.js';

const PERCENT = '0.0%';
const FONT_SIZE = 10;
const FONT = { name: '宋体', size: FONT_SIZE };
const BOLD = { ...FONT, bold: true };
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const A4 = 9;
const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
const SMALL_GROUPS = '不足 5 人的分组合并为“其他”';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The summary as label and value: the same lines in the workbook and the csv. */
function summaryLines(c: Consultation, r: ConsultationResults, p: Participation, exportedAt: Date): [string, string | number][] {
  return [
    ['意见征集', c.title],
    ['地区', c.regionName],
    ['行业', c.industries.map((i) => INDUSTRY_LABELS[i]).join('、')],
    ['方式', CONSULTATION_MODE_LABELS[c.mode]],
    ['时间', `${chineseDateTime(new Date(c.opensAt))} 至 ${chineseDateTime(new Date(c.closesAt))}`],
    ['参与资格', ELIGIBILITY_LABELS[c.eligibility]],
    ['参与人数', r.ballots],
    ['公布方式', `每满 ${r.publication.step} 人更新一次${r.publication.final ? '；最终结果' : '；截至最近一次公布'}`],
    ['范围内登记人数', p.registered],
    ['参与率分母', p.denominatorLabel],
    ['参与率', p.rate === null ? '—' : p.rate],
    ['导出时间', chineseDateTime(exportedAt)],
  ];
}

function topicHeader(ranking: boolean): string[] {
  return ranking ? ['议题', '目录代码', '票数', '占比', 'Borda 得分', '排名'] : ['议题', '目录代码', '票数', '占比'];
}

/** One row per topic; the share is a number (0..1), shown as a percentage. */
function topicRows(r: ConsultationResults): (string | number)[][] {
  const ranking = r.mode === 'ranking';
  return r.topics.map((t) => {
    const row: (string | number)[] = [t.title, t.code ?? '', t.votes, t.share];
    if (ranking) row.push(t.points ?? 0, (r.order?.indexOf(t.topicId) ?? -1) + 1);
    return row;
  });
}

function breakdownHeader(r: ConsultationResults): string[] {
  return ['分组', '参与人数', ...r.topics.map((t) => t.title)];
}

function breakdownRows(r: ConsultationResults, groups: ResultGroup[]): (string | number)[][] {
  const ranking = r.mode === 'ranking';
  return groups.map((g) => [g.label, g.ballots, ...g.topics.map((t) => (ranking ? (t.points ?? 0) : t.votes))]);
}

const breakdownNote = (r: ConsultationResults) => (r.mode === 'ranking' ? '各议题为 Borda 得分；' : '各议题为票数；') + SMALL_GROUPS;

function setWidths(ws: ExcelJS.Worksheet, widths: number[]): void {
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}

function styleRow(row: ExcelJS.Row, widths: number[], opts: { bold?: boolean; border?: boolean; center?: boolean } = {}): void {
  const values: unknown[] = [];
  for (let i = 1; i <= widths.length; i++) {
    const cell = row.getCell(i);
    values.push(typeof cell.value === 'number' && cell.numFmt === PERCENT ? pct(cell.value) : cell.value);
    cell.font = opts.bold ? BOLD : FONT;
    cell.alignment = { vertical: 'middle', wrapText: true, ...(opts.center ? { horizontal: 'center' as const } : {}) };
    if (opts.border) cell.border = BORDER;
  }
  row.height = linesHeight(values, widths, FONT_SIZE);
}

export async function resultsWorkbook(c: Consultation, r: ConsultationResults, p: Participation, exportedAt: Date): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = '协商通';
  const ranking = r.mode === 'ranking';

  // 结果: portrait, one page — the summary, then every topic (30 at most) in a bordered table.
  const summary = wb.addWorksheet('结果', {
    pageSetup: {
      paperSize: A4,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      horizontalCentered: true,
      margins: MARGINS,
    },
  });
  const widths = ranking ? [30, 20, 8, 9, 10, 6] : [36, 24, 10, 12];
  const wide = widths.length;
  const last = String.fromCharCode(64 + wide);
  setWidths(summary, widths);
  const title = summary.addRow(['意见征集结果']);
  summary.mergeCells(`A1:${last}1`);
  title.getCell(1).font = { ...FONT, size: 14, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 26;
  for (const [label, value] of summaryLines(c, r, p, exportedAt)) {
    const row = summary.addRow([label, value]);
    summary.mergeCells(`B${row.number}:${last}${row.number}`);
    if (label === '参与率' && typeof value === 'number') row.getCell(2).numFmt = PERCENT;
    row.getCell(2).alignment = { horizontal: 'left' };
    const merged = [widths[0], widths.slice(1).reduce((a, b) => a + b, 0)];
    styleRow(row, merged);
    row.getCell(1).font = BOLD;
    row.getCell(2).alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
  }
  summary.addRow([]);
  styleRow(summary.addRow(topicHeader(ranking)), widths, { bold: true, border: true, center: true });
  for (const values of topicRows(r)) {
    const row = summary.addRow(values);
    row.getCell(4).numFmt = PERCENT;
    styleRow(row, widths, { border: true });
  }

  // 按行业, 按城市: a column per topic, landscape, as many pages down as the groups need, the header on each.
  const addBreakdown = (name: string, groups: ResultGroup[]) => {
    const ws = wb.addWorksheet(name, {
      pageSetup: {
        paperSize: A4,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: MARGINS,
        printTitlesRow: '1:1',
      },
    });
    const cols = [14, 8, ...r.topics.map(() => 10)];
    setWidths(ws, cols);
    styleRow(ws.addRow(breakdownHeader(r)), cols, { bold: true, border: true, center: true });
    for (const values of breakdownRows(r, groups)) styleRow(ws.addRow(values), cols, { border: true });
    ws.addRow([]);
    const note = ws.addRow([breakdownNote(r)]);
    note.getCell(1).font = FONT;
  };
  addBreakdown('按行业', r.breakdowns.industry);
  addBreakdown('按城市', r.breakdowns.city);

  const sug = wb.addWorksheet('意见建议', {
    pageSetup: {
      paperSize: A4,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: MARGINS,
      printTitlesRow: '1:1',
    },
  });
  setWidths(sug, [90]);
  styleRow(sug.addRow(['意见建议（不含提交人信息）']), [90], { bold: true });
  // Workers' text: ExcelJS writes a string as a string, never as a formula, whatever it starts with.
  for (const s of r.suggestions) styleRow(sug.addRow([s]), [90], { border: true });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote always; neutralise cells a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The summary with participation, the topics, then the breakdowns by industry and by city, blank lines between. */
export function resultsCsv(c: Consultation, r: ConsultationResults, p: Participation, exportedAt: Date): Buffer {
  const asText = (row: (string | number)[], shareAt?: number) => row.map((v, i) => (i === shareAt && typeof v === 'number' ? pct(v) : v));
  const rows: (string | number)[][] = [
    ...summaryLines(c, r, p, exportedAt).map(([label, value]) => [
      label,
      label === '参与率' && typeof value === 'number' ? pct(value) : value,
    ]),
    [],
    topicHeader(r.mode === 'ranking'),
    ...topicRows(r).map((row) => asText(row, 3)),
    [],
    ['按行业'],
    breakdownHeader(r),
    ...breakdownRows(r, r.breakdowns.industry),
    [],
    ['按城市'],
    breakdownHeader(r),
    ...breakdownRows(r, r.breakdowns.city),
    [],
    [breakdownNote(r)],
  ];
  const lines = rows.map((row) => row.map(csvCell).join(','));
  // BOM so that Excel opens the Chinese text as UTF-8.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
