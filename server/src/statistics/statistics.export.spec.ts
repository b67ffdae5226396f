// The ledger writes its body rows as XML of its own; the sheet must come out byte for byte as ExcelJS's row model
// writes it (the layout the print tests check was made with that model).
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { linesHeight } from '../common/print-layout.js';
import { ledgerRowXml, ledgerSheet, ledgerWriter, type LedgerHead, type LedgerRow, xmlText } from './statistics.export.js';

const head: LedgerHead = {
  year: '2024',
  unitName: '成都市总工会',
  reportDate: '2024-06-05',
  columns: [
    { header: '序号', width: 5 },
    { header: '地区', width: 6.5 },
    { header: '企业（行业）名称', width: 10.5 },
    { header: '职工人数', width: 6 },
    { header: '综合集体合同', width: 14.5 },
    { header: '已建工会', width: 4 },
  ],
};

const rows: LedgerRow[] = [
  [1, '成都市 锦江区', '四川<蜀>&"好"\'运\'物流有限公司', 120, '2024-03-06 签订\n2027-03-05 到期', '是'],
  [2, '成都市 青羊区', `控制\u0001字符\u007f与制表\t和回车\r保留`, null, '', '否'],
  [3, '', 'A very long Latin NAME that wraps over several lines of a narrow column', 0, null, '是'],
  [4.5, '自贡市', '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十', -3, '2024-01-01 签订', ''],
];

async function sheetXml(write: (out: PassThrough) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  await write(out);
  await done;
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  return zip.file('xl/worksheets/sheet1.xml')!.async('string');
}

describe('the ledger sheet', () => {
  it('writes its body rows exactly as ExcelJS writes the same rows, styles and heights', async () => {
    const ours = await sheetXml(async (out) => {
      const w = ledgerWriter(head, out);
      w.addRows(rows.slice(0, 2));
      w.addRows(rows.slice(2));
      await w.commit();
    });
    // The same head, then the rows through ExcelJS's row objects as the ledger wrote them before.
    const theirs = await sheetXml(async (out) => {
      const { wb, ws } = ledgerSheet(head, out);
      const style = ws.getColumn(1).style;
      for (const values of rows) {
        const row = ws.addRow(values);
        row.eachCell({ includeEmpty: true }, (cell) => {
          cell.style = style;
        });
        row.height = linesHeight(
          values,
          head.columns.map((c) => c.width),
          9,
        );
        row.commit();
      }
      ws.commit();
      await wb.commit();
    });
    expect(ours).toContain('<row r="5" ');
    expect(ours).toContain('<row r="8" ');
    expect(ours).toContain('&lt;蜀&gt;&amp;&quot;好&quot;&apos;运&apos;');
    expect(ours).not.toContain('\u0001');
    expect(ours).toBe(theirs);
  });

  it('escapes markup and drops the control characters XML cannot hold', () => {
    expect(xmlText('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(xmlText('x\u0000\u0008\u000b\u000c\u000e\u001f\u007fy')).toBe('xy');
    expect(xmlText('tab\tline\nret\r')).toBe('tab\tline\nret\r');
    expect(ledgerRowXml(9, [1, null, 'a'], 3, 15)).toBe(
      '<row r="9" ht="15" customHeight="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A9" s="3"><v>1</v></c><c r="B9" s="3"/><c r="C9" s="3" t="str"><v>a</v></c></row>',
    );
  });
});
