// The printable sheet of one-time codes (a Word document, A4): for each code its number, a QR code and the code in
// large letters, three to a row, with how to use it. The QR code holds the code itself, which the mini-program's
// 扫码核验 reads; a code scanned with another app shows only these ten characters.
import { INDUSTRY_LABELS, type CodeBatch } from '@xst/shared-types';
import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import QRCode from 'qrcode';
import { chineseDateTime } from '../common/clock.js';

const FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const text = (t: string, size = 22, bold = false) => new TextRun({ text: t, font: FONT, size, bold });
const PER_ROW = 3;
/** The QR image's side in pixels (docx scales it to the same number of points). */
const QR_PX = 120;

/** The PNG of a code's QR code, as printed on the sheet. */
export const qrPng = (code: string) => QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: QR_PX });

export async function codeSheet(batch: CodeBatch, codes: { number: number; code: string }[]): Promise<Buffer> {
  const scope = `${batch.regionName} · ${INDUSTRY_LABELS[batch.industry]}${batch.platformName ? ` · ${batch.platformName}` : ''}`;
  const cells: TableCell[] = [];
  for (const c of codes) {
    cells.push(
      new TableCell({
        width: { size: 33, type: WidthType.PERCENTAGE },
        margins: { top: 120, bottom: 120, left: 80, right: 80 },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [text(`第 ${c.number} 号`, 18)] }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new ImageRun({ type: 'png', data: await qrPng(c.code), transformation: { width: QR_PX, height: QR_PX } })],
          }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [text(c.code, 28, true)] }),
        ],
      }),
    );
  }
  const rows: TableRow[] = [];
  for (let i = 0; i < cells.length; i += PER_ROW) {
    const row = cells.slice(i, i + PER_ROW);
    while (row.length < PER_ROW)
      row.push(new TableCell({ width: { size: 33, type: WidthType.PERCENTAGE }, children: [new Paragraph('')] }));
    rows.push(new TableRow({ children: row, cantSplit: true }));
  }
  const dashed = { style: BorderStyle.DASHED, size: 4, color: '999999' };
  const doc = new Document({
    title: `身份核验码 ${batch.label}`,
    creator: '协商通',
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [text('协商通 · 身份核验码', 36, true)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [text(batch.label, 24)] }),
          new Paragraph({ children: [text(`核验范围：${scope}`)] }),
          new Paragraph({
            children: [text(`有效期至：${chineseDateTime(new Date(batch.expiresAt))}　每个码只能用一次，请剪开后当面发给本人。`)],
          }),
          new Paragraph({
            spacing: { after: 200 },
            children: [text('使用方法：打开“协商通”小程序 → 我的 → 身份核验，扫码或输入下面的核验码。')],
          }),
          ...(rows.length
            ? [
                new Table({
                  width: { size: 100, type: WidthType.PERCENTAGE },
                  borders: { top: dashed, bottom: dashed, left: dashed, right: dashed, insideHorizontal: dashed, insideVertical: dashed },
                  rows,
                }),
              ]
            : [new Paragraph({ children: [text('这一批核验码已经全部用完或作废。')] })]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
