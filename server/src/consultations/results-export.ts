// The results as files for organizers: an Excel workbook (results, breakdowns, suggestions) and a CSV of the topics.
import type { Consultation, ConsultationResults, Participation, ResultGroup } from '@xst/shared-types';
import { CONSULTATION_MODE_LABELS, INDUSTRY_LABELS } from '@xst/shared-types';
import ExcelJS from 'exceljs';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

function topicHeader(ranking: boolean): string[] {
  return ranking ? ['议题', '目录代码', '票数', '占比', 'Borda 得分', '排名'] : ['议题', '目录代码', '票数', '占比'];
}

function topicRows(r: ConsultationResults): (string | number)[][] {
  const ranking = r.mode === 'ranking';
  return r.topics.map((t) => {
    const row: (string | number)[] = [t.title, t.code ?? '', t.votes, pct(t.share)];
    if (ranking) row.push(t.points ?? 0, (r.order?.indexOf(t.topicId) ?? -1) + 1);
    return row;
  });
}

export async function resultsWorkbook(c: Consultation, r: ConsultationResults, p: Participation): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '协商通';
  const ranking = r.mode === 'ranking';

  const summary = wb.addWorksheet('结果');
  summary.addRow(['意见征集', c.title]);
  summary.addRow(['地区', c.regionName]);
  summary.addRow(['行业', c.industries.map((i) => INDUSTRY_LABELS[i]).join('、')]);
  summary.addRow(['方式', CONSULTATION_MODE_LABELS[c.mode]]);
  summary.addRow(['时间', `${c.opensAt} 至 ${c.closesAt}`]);
  summary.addRow(['参与人数', r.ballots]);
  summary.addRow(['范围内登记人数', p.registered]);
  summary.addRow(['参与率', p.rate === null ? '—' : pct(p.rate)]);
  summary.addRow([]);
  summary.addRow(topicHeader(ranking)).font = { bold: true };
  for (const row of topicRows(r)) summary.addRow(row);
  summary.getColumn(1).width = 28;
  summary.getColumn(2).width = 26;

  const titles = new Map(r.topics.map((t) => [t.topicId, t.title]));
  const addBreakdown = (name: string, groups: ResultGroup[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(['分组', '参与人数', ...r.topics.map((t) => titles.get(t.topicId)!)]).font = { bold: true };
    for (const g of groups) ws.addRow([g.label, g.ballots, ...g.topics.map((t) => (ranking ? (t.points ?? 0) : t.votes))]);
    ws.addRow([]);
    ws.addRow([ranking ? '各议题为 Borda 得分；' + '不足 5 人的分组合并为“其他”' : '各议题为票数；不足 5 人的分组合并为“其他”']);
    ws.getColumn(1).width = 16;
  };
  addBreakdown('按行业', r.breakdowns.industry);
  addBreakdown('按城市', r.breakdowns.city);

  const sug = wb.addWorksheet('意见建议');
  sug.addRow(['意见建议（不含提交人信息）']).font = { bold: true };
  for (const s of r.suggestions) sug.addRow([s]);
  sug.getColumn(1).width = 80;

  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote always; neutralise cells a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

export function resultsCsv(r: ConsultationResults): Buffer {
  const lines = [topicHeader(r.mode === 'ranking'), ...topicRows(r)].map((row) => row.map(csvCell).join(','));
  // BOM so that Excel opens the Chinese text as UTF-8.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
