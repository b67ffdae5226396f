// The poster for station walls: an A4 PDF with the consultation's title, what it asks, its deadline and the
// 小程序码 that opens its vote page. The font is a Chinese one from configuration (PDF's own fonts have no 汉字).
import { pdfkit } from '../common/libraries.js';

export interface PosterContent {
  title: string;
  description: string | null;
  closesAt: Date;
  /** Who asks: the organizer's region, e.g. 成都市. */
  regionName: string;
  code: Buffer;
}

const RED = '#b3261e';
const INK = '#1a1a1a';
const GREY = '#4a4a4a';

/** 2025年12月8日 18:00 in Asia/Shanghai. */
export function shanghaiDeadline(d: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}`;
}

export function posterPdf(p: PosterContent, font: { file: string; name?: string }): Promise<Buffer> {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: `${p.title}（扫码参与）`, Author: '协商通', Subject: '职工意见征集' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.name);
  doc.font('cjk');
  const W = doc.page.width;
  const M = 56;
  const inner = W - 2 * M;

  doc.rect(0, 0, W, 120).fill(RED);
  doc.fillColor('#ffffff').fontSize(34).text('职工意见征集', M, 40, { width: inner, align: 'center' });

  doc.fillColor(INK).fontSize(30).text(p.title, M, 160, { width: inner, align: 'center', lineGap: 6 });
  let y = doc.y + 16;
  if (p.description) {
    doc.fillColor(GREY).fontSize(16).text(p.description, M, y, { width: inner, align: 'center', lineGap: 4, height: 96, ellipsis: true });
    y = doc.y + 16;
  }
  doc
    .fillColor(RED)
    .fontSize(22)
    .text(`截止：${shanghaiDeadline(p.closesAt)}`, M, y, { width: inner, align: 'center' });
  y = doc.y + 28;

  const size = 260;
  doc.image(p.code, (W - size) / 2, y, { width: size, height: size });
  y += size + 24;
  doc.fillColor(INK).fontSize(24).text('微信扫一扫，说出你最关心的事', M, y, { width: inner, align: 'center' });
  doc
    .fillColor(GREY)
    .fontSize(15)
    .text('只统计人数，没人能看到你选了什么。', M, doc.y + 10, { width: inner, align: 'center' });

  doc
    .fillColor(GREY)
    .fontSize(13)
    .text(`${p.regionName}工会 · 协商通`, M, doc.page.height - 64, { width: inner, align: 'center' });
  doc.end();
  return done;
}
