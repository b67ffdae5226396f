// The papers of a congress for the filing (《集体合同规定》 arts. 42–44): the resolution with attendance and votes (Word,
// and PDF printed from it by LibreOffice), and the filing packet as one zip.
import {
  CONTRACT_KIND_LABELS,
  CONTRACT_SCOPE_LABELS,
  SESSION_TYPE_LABELS,
  TOPIC_OUTCOME_LABELS,
  type CongressResult,
  type Contract,
  type FilingSide,
  type NegotiationSession,
} from '@xst/shared-types';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chineseDate, chineseDateTime } from '../common/clock.js';

const run = promisify(execFile);

const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
const text = (t: string, o: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, font: FONT, size: o.size ?? 28, bold: o.bold });
const para = (t: string, o: { bold?: boolean; indent?: boolean; align?: Align } = {}) =>
  new Paragraph({
    children: [text(t, { bold: o.bold })],
    alignment: o.align,
    indent: o.indent ? { firstLine: 560 } : undefined,
    spacing: { line: 440 },
  });
const heading = (t: string) =>
  new Paragraph({ children: [text(t, { bold: true, size: 40 })], alignment: AlignmentType.CENTER, spacing: { after: 400 } });
const lines = (body: string, indent = true) =>
  body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => para(l, { indent }));
const blank = () => new Paragraph({ children: [], spacing: { after: 300 } });
const signLine = (label: string) =>
  new Paragraph({ children: [text(label), text('_'.repeat(14))], alignment: AlignmentType.RIGHT, spacing: { line: 440 } });

function pack(title: string, children: Paragraph[]): Promise<Buffer> {
  const doc = new Document({
    title,
    creator: '协商通',
    sections: [
      {
        // A4 (twips), with the margins of an official paper.
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1588, right: 1474 } } },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export interface ResolutionInput {
  congressTitle: string;
  draftTitle: string;
  draftVersion: number;
  kindLabel: string;
  electorate: 'roll' | 'representatives';
  unionName: string;
  employerName: string;
  opensAt: Date;
  closesAt: Date;
  venue: string | null;
  result: CongressResult;
}

const share = (n: number, d: number) => `${n}/${d}`;

/** 职工代表大会（扩大会议）决议: what was put, who was there, how it was voted, what was decided. */
export function resolutionDocx(r: ResolutionInput): Promise<Buffer> {
  const f = r.result;
  const who = r.electorate === 'roll' ? '全体职工' : '职工代表';
  const meeting = r.electorate === 'roll' ? '职工代表大会（扩大会议）' : '职工代表大会';
  const quorum =
    f.rule.quorum.numerator === 0
      ? '本规则不设出席人数要求'
      : `出席人数${f.quorumMet ? '达到' : '未达到'}应到人数的 ${share(f.rule.quorum.numerator, f.rule.quorum.denominator)}`;
  const approvalShare = share(f.rule.approval.numerator, f.rule.approval.denominator);
  const approved = f.approve * f.rule.approval.denominator > f.rule.approval.numerator * f.electorate;
  return pack(`${meeting}决议`, [
    heading(`${r.congressTitle}决议`),
    para(
      `${r.unionName}于${chineseDateTime(r.opensAt)}至${chineseDateTime(r.closesAt)}召开${meeting}${r.venue ? `（现场会场：${r.venue}，同时线上表决）` : '（线上表决）'}，审议${r.unionName}与${r.employerName}协商形成的《${r.draftTitle}》（${r.kindLabel}，第 ${r.draftVersion} 稿）。`,
      { indent: true },
    ),
    para('一、出席情况', { bold: true }),
    para(
      `应到${who} ${f.electorate} 人，实到 ${f.attendance} 人（其中线上表决 ${f.voted} 人，现场签到 ${f.checkedIn} 人，同一人只计一次）。${quorum}。`,
      {
        indent: true,
      },
    ),
    para('二、表决结果', { bold: true }),
    para(
      `赞成 ${f.approve} 票，反对 ${f.reject} 票，弃权 ${f.abstain} 票。赞成票${approved ? '超过' : '未超过'}全体${who} ${f.electorate} 人的 ${approvalShare}。`,
      {
        indent: true,
      },
    ),
    para('三、决议', { bold: true }),
    para(
      f.adopted
        ? `根据《集体合同规定》第三十六条，会议通过《${r.draftTitle}》。请双方首席代表签字，并在签字之日起 10 日内报送劳动保障行政部门审查。`
        : `根据《集体合同规定》第三十六条，会议未通过《${r.draftTitle}》。请双方就草案重新协商。`,
      { indent: true },
    ),
    para(`表决时间：${chineseDateTime(new Date(f.decidedAt))}`, { indent: true }),
    blank(),
    para(`${r.unionName}（盖章）`, { align: AlignmentType.RIGHT }),
    signLine('会议主持人（签字）：'),
    signLine('计票人（签字）：'),
    para(chineseDate(f.decidedOn), { align: AlignmentType.RIGHT }),
  ]);
}

/** A Word file printed to PDF by LibreOffice (soffice), in a folder of its own that is removed afterwards. */
export async function toPdf(docx: Buffer, soffice: string, name = 'document'): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xst-pdf-'));
  try {
    const input = path.join(dir, `${name}.docx`);
    await writeFile(input, docx);
    await run(soffice, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], {
      timeout: 120_000,
    });
    return await readFile(path.join(dir, `${name}.pdf`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface PacketInput {
  contract: Contract;
  text: string;
  unionName: string;
  employerName: string;
  scope: keyof typeof CONTRACT_SCOPE_LABELS;
  workerSide: FilingSide;
  employerSide: FilingSide;
  representativesChosen: string;
  topics: string[];
  sessions: NegotiationSession[];
  resolutionDocx: Buffer;
  resolutionPdf: Buffer;
}

function contractText(p: PacketInput): Promise<Buffer> {
  const c = p.contract;
  return pack(c.title, [
    heading(c.title),
    para(`甲方：${p.unionName}`),
    para(`乙方：${p.employerName}`),
    para(`合同种类：${CONTRACT_KIND_LABELS[c.kind]}；协商类别：${CONTRACT_SCOPE_LABELS[p.scope]}`),
    para(`期限：${chineseDate(c.effectiveFrom)}至${chineseDate(c.expiresAt)}`),
    blank(),
    ...lines(p.text),
    blank(),
    para(
      `本合同草案经职工代表大会于${chineseDate(c.resolution!.decidedOn)}审议通过（应到 ${c.resolution!.electorate} 人，实到 ${c.resolution!.attendance} 人，赞成 ${c.resolution!.approve} 票）。`,
      {
        indent: true,
      },
    ),
    blank(),
    signLine('甲方首席代表（签字）：'),
    signLine('乙方首席代表（签字）：'),
    para(`签订日期：${chineseDate(c.signedAt)}`, { align: AlignmentType.RIGHT }),
  ]);
}

function explanation(p: PacketInput): Promise<Buffer> {
  const r = p.contract.resolution!;
  const sessions = p.sessions.map(
    (s) =>
      `第 ${s.round} 次${SESSION_TYPE_LABELS[s.type]}：${chineseDateTime(new Date(s.heldAt))}，${s.online ? '线上' : (s.place ?? '')}，职工方 ${s.workerSide.count} 人（首席代表${s.workerSide.chief}），企业方 ${s.employerSide.count} 人（首席代表${s.employerSide.chief}）。`,
  );
  return pack('集体合同情况说明', [
    heading(`关于《${p.contract.title}》的情况说明`),
    para('一、协商代表的产生', { bold: true }),
    ...lines(p.representativesChosen),
    para('二、协商过程', { bold: true }),
    ...(sessions.length ? sessions.map((s) => para(s, { indent: true })) : [para('（无会议记录）', { indent: true })]),
    para(
      `草案经职工代表大会于${chineseDate(r.decidedOn)}审议：应到 ${r.electorate} 人，实到 ${r.attendance} 人，赞成 ${r.approve} 票，反对 ${r.reject} 票，弃权 ${r.abstain} 票，通过。`,
      {
        indent: true,
      },
    ),
    para('三、主要内容', { bold: true }),
    ...p.topics.map((t, i) => para(`${i + 1}. ${t}`, { indent: true })),
    blank(),
    para(`${p.unionName}`, { align: AlignmentType.RIGHT }),
    para(chineseDate(p.contract.signedAt), { align: AlignmentType.RIGHT }),
  ]);
}

function representatives(p: PacketInput): Promise<Buffer> {
  const side = (label: string, org: string, s: FilingSide) => [
    para(`${label}（${org}）`, { bold: true }),
    para(`首席代表：${s.chief}`, { indent: true }),
    para(`协商代表（${s.members.length + 1} 人）：${[s.chief, ...s.members].join('、')}`, { indent: true }),
  ];
  return pack('双方协商代表名单', [
    heading('双方协商代表名单'),
    ...side('职工方', p.unionName, p.workerSide),
    blank(),
    ...side('企业方', p.employerName, p.employerSide),
  ]);
}

function record(p: PacketInput): Promise<Buffer> {
  const children: Paragraph[] = [heading('集体协商会议记录')];
  for (const s of p.sessions) {
    children.push(
      para(`第 ${s.round} 次${SESSION_TYPE_LABELS[s.type]}`, { bold: true }),
      para(`时间：${chineseDateTime(new Date(s.heldAt))}　地点：${s.online ? '线上' : (s.place ?? '')}`, { indent: true }),
      para(
        `职工方首席代表：${s.workerSide.chief}（${s.workerSide.count} 人）　企业方首席代表：${s.employerSide.chief}（${s.employerSide.count} 人）`,
        { indent: true },
      ),
      para(`记录员：${s.recorder ?? '—'}`, { indent: true }),
      ...s.topics.map((t) =>
        para(`议题「${t.title}」：${TOPIC_OUTCOME_LABELS[t.outcome]}${t.note ? `，${t.note}` : ''}`, { indent: true }),
      ),
      ...lines(s.minutes),
      signLine('职工方首席代表（签字）：'),
      signLine('企业方首席代表（签字）：'),
      blank(),
    );
  }
  if (!p.sessions.length) children.push(para('（无会议记录）'));
  return pack('集体协商会议记录', children);
}

/** The filing packet: the text, 情况说明, both sides' representatives with the chiefs, the resolution, the record. */
export async function filingPacket(p: PacketInput): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('1-集体合同文本.docx', await contractText(p));
  zip.file('2-情况说明.docx', await explanation(p));
  zip.file('3-双方协商代表名单.docx', await representatives(p));
  zip.file('4-职工代表大会决议.docx', p.resolutionDocx);
  zip.file('4-职工代表大会决议.pdf', p.resolutionPdf);
  zip.file('5-集体协商会议记录.docx', await record(p));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
