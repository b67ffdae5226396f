// The invitation letter (要约书) as a Word document, printable and signable as the law's "written" invitation.
import { SCOPE_LABELS, type Invitation } from '@xst/shared-types';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { chineseDate, chineseDateTime } from '../common/clock.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const text = (t: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, font: FONT, size: opts.size ?? 28, bold: opts.bold });
const para = (t: string, opts: { bold?: boolean; indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({
    children: [text(t, { bold: opts.bold })],
    alignment: opts.align,
    indent: opts.indent ? { firstLine: 560 } : undefined,
    spacing: { line: 440 },
  });

export async function invitationLetter(inv: Invitation, now: Date, replyDays: number): Promise<Buffer> {
  const sender = inv.onBehalfOfOrganizationName
    ? `${inv.fromOrganizationName}（代${inv.onBehalfOfOrganizationName}）`
    : inv.fromOrganizationName;
  const sentAt = inv.sentAt ? new Date(inv.sentAt) : now;
  const days = inv.replyDays ?? replyDays;
  const children: Paragraph[] = [
    new Paragraph({
      children: [text('集体协商要约书', { bold: true, size: 40 })],
      alignment: AlignmentType.CENTER,
      spacing: { after: 400 },
    }),
    para(`${inv.toOrganizationName}：`),
    para(
      `根据《中华人民共和国劳动合同法》《集体合同规定》等有关规定，${sender}现向贵方发出${SCOPE_LABELS[inv.scope]}集体协商要约，提议就下列事项开展集体协商。`,
      { indent: true },
    ),
    ...inv.body
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => para(l, { indent: true })),
    para('一、协商议题', { bold: true }),
    ...inv.topics.map((t, i) => para(`${i + 1}. ${t.title}`, { indent: true })),
    para('二、建议协商时间和地点', { bold: true }),
    para(`时间：${inv.proposedAt ? chineseDateTime(new Date(inv.proposedAt)) : '双方另行商定'}`, { indent: true }),
    para(`地点：${inv.proposedPlace ?? '双方另行商定'}`, { indent: true }),
    para('三、协商代表', { bold: true }),
    para(
      inv.representativesPerSide && inv.chiefRepresentative
        ? `我方协商代表 ${inv.representativesPerSide} 名，首席代表为${inv.chiefRepresentative}。请贵方确定同等人数的协商代表及首席代表，并在答复时一并告知名单。`
        : '请贵方确定与我方同等人数的协商代表（每方不少于 3 名）及首席代表，并在答复时一并告知名单。',
      { indent: true },
    ),
    para('四、答复要求', { bold: true }),
    para(`请贵方自收到本要约书之日起${days}日内以书面形式予以答复，无正当理由不得拒绝。`, { indent: true }),
    // The last day the server enforces, once receipt has started the period; until then, how it will be counted.
    inv.replyLastDay
      ? para(`答复截止日期：${chineseDate(inv.replyLastDay)}24时（自${chineseDate(inv.receivedOn!)}收到之日的次日起算）`, { indent: true })
      : para('答复期限自收到本要约书之日的次日起算，最后一日为法定休假日的，顺延至休假日后的第一个工作日。', { indent: true }),
    new Paragraph({ children: [], spacing: { after: 400 } }),
    para(`要约方：${sender}（盖章）`, { align: AlignmentType.RIGHT }),
    // The chief signs beside the seal: a blank line to sign on, as long as a name.
    new Paragraph({
      children: [text('首席代表（签字）：'), text('_'.repeat(14))],
      alignment: AlignmentType.RIGHT,
      spacing: { line: 440 },
    }),
    para(chineseDate(sentAt), { align: AlignmentType.RIGHT }),
  ];
  const doc = new Document({
    title: '集体协商要约书',
    creator: '协商通',
    // A4 (twips), with the margins of an official letter.
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1588, right: 1474 } } },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
