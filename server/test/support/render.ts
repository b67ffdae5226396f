// Prints a file the way a person would: LibreOffice turns it into a PDF, poppler reads every word back with its box.
// What the export tests check is then what lands on paper, not only what the file claims.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Word {
  /** 1-based. */
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export interface Printed {
  /** Page sizes in points. */
  pages: { width: number; height: number }[];
  words: Word[];
  /** The folder holding the file, its PDF and (with KEEP_RENDER=1) PNGs of the pages: kept only with KEEP_RENDER. */
  dir: string;
  /** Text of one page, words joined by spaces in reading order. */
  text(page: number): string;
  done(): void;
}

/** Prints `file` (named `name`, e.g. ledger.xlsx) through LibreOffice; call done() when finished with it. */
export function print(file: Buffer, name: string): Printed {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-print-'));
  const input = path.join(dir, name);
  writeFileSync(input, file);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  const pdf = path.join(dir, `${path.parse(name).name}.pdf`);
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 64 << 20 }).toString();
  const pages: Printed['pages'] = [];
  const words: Word[] = [];
  for (const part of html.split('<page ').slice(1)) {
    const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(part)!;
    pages.push({ width: Number(w), height: Number(h) });
    for (const m of part.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ page: pages.length, x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: unescapeXml(m[5]) });
    }
  }
  if (process.env.KEEP_RENDER) execFileSync('pdftoppm', ['-png', '-r', '110', pdf, path.join(dir, 'page')]);
  return {
    pages,
    words,
    dir,
    text: (page) =>
      words
        .filter((w) => w.page === page)
        .map((w) => w.text)
        .join(' '),
    done: () => {
      if (process.env.KEEP_RENDER) console.log(`printed into ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Pairs of words drawn over each other (boxes of adjacent lines may touch by a fraction of a point). */
export function overlaps(words: Word[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[i];
      const b = words[j];
      if (a.page !== b.page) continue;
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (dx > 1 && dy > 0.3 * Math.min(a.y1 - a.y0, b.y1 - b.y0)) out.push(`${a.text} × ${b.text} (page ${a.page})`);
    }
  }
  return out;
}

/** The printed size in points of each word made only of CJK characters (a CJK character is as wide as its font). */
export const cjkSizes = (words: Word[]) =>
  words.filter((w) => /^[\u4e00-\u9fff]+$/.test(w.text)).map((w) => (w.x1 - w.x0) / [...w.text].length);

/** Whether a page is A4, either way round. */
export const isA4 = (p: { width: number; height: number }) =>
  [Math.round(Math.min(p.width, p.height)), Math.round(Math.max(p.width, p.height))].join('x') === '595x842';
