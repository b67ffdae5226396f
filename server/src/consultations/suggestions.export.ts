// The suggestion groups as files for organizers: a workbook laid out for A4 (each group's count and words, then its
// texts with how many wrote each) and a CSV of the same rows. Groups most written first, as on screen.
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { exceljs } from '../common/libraries.js';
import type { AuthContext } from '../common/auth.js';
import { chineseDateTime, Clock } from '../common/clock.js';
import { linesHeight } from '../common/print-layout.js';
import type { ConsultationEntity } from './consultation.entity.js';
import type { Group } from './suggestion-groups.js';
import { SuggestionsService } from './suggestions.service.js';

const HEADER = ['组', '本组人数', '关键词', '建议', '人数'];
const WIDTHS = [6, 9, 16, 58, 7];
const FONT_SIZE = 10;
const FONT = { name: '宋体', size: FONT_SIZE };
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** One row per text; the group's number, count and words on its first row. */
function rows(groups: Group[]): (string | number)[][] {
  const out: (string | number)[][] = [];
  groups.forEach((g, i) => {
    for (const [j, t] of g.texts.entries())
      out.push(j === 0 ? [i + 1, g.count, g.terms.join('、'), t.text, t.count] : ['', '', '', t.text, t.count]);
  });
  return out;
}

const disposition = (ext: string) =>
  `attachment; filename="consultation-suggestions.${ext}"; filename*=UTF-8''${encodeURIComponent(`意见征集建议.${ext}`)}`;

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote always; neutralise cells a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

@Injectable()
export class SuggestionsExport {
  constructor(
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private heading(c: ConsultationEntity, s: { suggestions: number; texts: number; groups: number; published: boolean }): string[] {
    return [
      `意见征集：${c.title}`,
      s.published
        ? `共 ${s.suggestions} 条建议，${s.texts} 种说法，${s.groups} 组（相同的说法只算一种；不含提交时间和顺序）`
        : '参与人数还不够，建议暂不公布',
      `导出时间：${chineseDateTime(this.clock.now())}`,
    ];
  }

  async xlsx(auth: AuthContext, id: string): Promise<StreamableFile> {
    const { c, summary, groups } = await this.suggestions.exportable(auth, id);
    const wb = new (exceljs().Workbook)();
    wb.creator = '协商通';
    const ws = wb.addWorksheet('建议分组', {
      pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' },
      headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
      views: [{ state: 'frozen', ySplit: 4 }],
    });
    WIDTHS.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    for (const line of this.heading(c, summary)) {
      const row = ws.addRow([line]);
      ws.mergeCells(row.number, 1, row.number, HEADER.length);
      row.getCell(1).font = row.number === 1 ? { ...FONT, size: 13, bold: true } : FONT;
      row.height = linesHeight([line], [WIDTHS.reduce((a, b) => a + b)], FONT_SIZE);
    }
    const style = (row: ExcelJS.Row, bold = false) => {
      const values: unknown[] = [];
      for (let i = 1; i <= HEADER.length; i++) {
        const cell = row.getCell(i);
        values.push(cell.value);
        cell.font = bold ? { ...FONT, bold: true } : FONT;
        cell.alignment = { vertical: 'middle', wrapText: true, ...(i === 4 ? {} : { horizontal: 'center' as const }) };
        cell.border = BORDER;
      }
      row.height = linesHeight(values, WIDTHS, FONT_SIZE);
    };
    style(ws.addRow(HEADER), true);
    // Workers' text: ExcelJS writes a string as a string, never as a formula, whatever it starts with.
    for (const r of rows(groups)) style(ws.addRow(r));
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    return new StreamableFile(body, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: disposition('xlsx'),
      length: body.length,
    });
  }

  async csv(auth: AuthContext, id: string): Promise<StreamableFile> {
    const { c, summary, groups } = await this.suggestions.exportable(auth, id);
    const lines = [...this.heading(c, summary).map((l) => [l]), [], HEADER, ...rows(groups)].map((r) => r.map(csvCell).join(','));
    // BOM so that Excel opens the Chinese text as UTF-8.
    const body = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', disposition: disposition('csv'), length: body.length });
  }
}
