// The report as a reader gets it: PDF text (pdftotext) carries the findings, their notes, tags, cited events,
// evidence hashes and the time zone; hostile log text stays literal text in the PDF and the HTML; the HTML is
// self-contained; the contents' page numbers are right; A4 and Letter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { call } from '../../core/api/dispatch.js';
import type { ReportResult } from '../../core/report/options.js';
import { findChromium } from '../../core/report/pdf/chromium.js';
import { tempDir } from '../helpers.js';
import { annotatedCase, NOTE } from './case.js';
import { HOSTILE } from './scenario.js';

const HAS_CHROMIUM = (() => {
  try {
    return !!findChromium();
  } catch {
    return false;
  }
})();
const pdftotext = (file: string, args: string[] = []) =>
  execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe.skipIf(!HAS_CHROMIUM)('report', () => {
  const t = tempDir('ss-report-');
  let built: Awaited<ReturnType<typeof annotatedCase>>;
  let result: ReportResult;
  let text: string;
  let html: string;

  beforeAll(async () => {
    built = await annotatedCase(t.dir);
    const progress: string[] = [];
    built.ctx.emit = (event, data) => {
      if (event === 'report.progress') progress.push((data as { phase: string }).phase);
    };
    result = (await call(built.ctx, 'report.generate', {
      pdf: path.join(t.dir, 'report.pdf'),
      html: path.join(t.dir, 'report.html'),
      tz: 'Europe/Berlin',
    })) as ReportResult;
    expect(progress).toContain('printing');
    expect(progress.at(-1)).toBe('done');
    text = pdftotext(result.pdf!);
    html = readFileSync(result.html!, 'utf8');
    // REPORT_KEEP=dir keeps the files for looking at (pdftoppm -r 80 -png report.pdf page).
    if (process.env.REPORT_KEEP) {
      mkdirSync(process.env.REPORT_KEEP, { recursive: true });
      cpSync(t.dir, process.env.REPORT_KEEP, { recursive: true });
    }
  });
  afterAll(() => {
    built?.handle.close();
    t.cleanup();
  });

  it('carries each finding with its note, tags, references and cited events', () => {
    const f = flat(text);
    for (const title of [
      'CI deploy role credentials used from an unknown address',
      'Attempted persistence: an access key for svc-backup',
      'CloudTrail logging stopped',
    ]) {
      expect(f).toContain(title);
    }
    expect(f).toContain('Customer database backup read from 203.0.113.66'); // the event note, markdown rendered as text
    expect(f).toContain('Confirmed with the service owner by phone'); // the note on the finding
    for (const tag of ['exfiltration', 'attacker-ip', 'customer-data', 'log-tamper']) expect(f).toContain(tag);
    expect(f).toContain('NHI2 Secret Leakage');
    expect(f).toContain('ASI03 Identity and Privilege Abuse');
    expect(f).toContain("denied by the account's SCP");
    // Every cited event: its action, evidence file, record, and raw-record hash.
    for (const e of [
      ...built.byAction('s3:ListBuckets'),
      ...built.byAction('iam:CreateAccessKey'),
      ...built.byAction('cloudtrail:StopLogging'),
    ]) {
      expect(f).toContain(e.raw_sha256);
      expect(f).toContain(`event ${e.id}`);
    }
    expect(f).toMatch(/trail-part\d\.jsonl · line \d+/);
    expect(f).toContain('Service owner confirms the pipeline never reads acme-backups');
    expect(result.findings).toBe(3);
    expect(result.cited_events).toBe(5);
  });

  it('carries the evidence hashes, the audit-chain head and the time zone', async () => {
    const f = flat(text);
    const evidence = (await call(built.ctx, 'evidence.list', {})) as { sha256: string }[];
    for (const e of evidence) expect(f).toContain(e.sha256);
    expect(f).toContain(result.audit_head);
    expect(f).toContain('Europe/Berlin (UTC+01:00)');
    // 13:58:41 UTC is 14:58:41 in Berlin in March (before the switch to summer time).
    expect(f).toContain('2026-03-10 14:58:41.000');
    expect(f).not.toContain('2026-03-10 13:58:41.000');
  });

  it('shows hostile log text literally, in the PDF and in the HTML', () => {
    expect(text).toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script|<img|<iframe|<object|<link|javascript:/i);
    // Markdown in notes is rendered, never passed through as markup.
    expect(html).toContain('<strong>203.0.113.66</strong>');
    expect(NOTE).toContain('**');
  });

  it('says what was read, as the sources state it, with the events behind it', () => {
    const section = html.split('id="exposure"')[1].split('</section>')[0];
    // The role's GetObject events: what the cited events read first, then the identity's totals.
    expect(section).toMatch(/Cited events read: 2 items; arn:aws:s3:::acme-backups\/customers-2026-03-09\.sql\.gz/);
    expect(section).toMatch(/\d+ items \(\d+ events\)/);
    expect(section).toMatch(/events #\d+/);
    expect(flat(text)).toContain('What was read');
  });

  it('is a self-contained HTML document', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain("default-src 'none'");
    // Every src/href points inside the document.
    for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
      for (const m of tag[0].matchAll(/\s(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi))
        expect(m[1].startsWith('#'), tag[0]).toBe(true);
    }
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).toContain('<svg');
  });

  it('leaves out hidden layers unless asked for, and numbers its pages in the contents', () => {
    const pages = text.split('\f');
    // Only the audit log (Appendix C, which lists every action) mentions the hidden layer's work.
    const beforeAudit = pages
      .slice(
        0,
        pages.findIndex((p) => p.includes('Appendix C · Analyst audit log')),
      )
      .join(' ');
    expect(flat(beforeAudit)).not.toContain('second-actor?');
    expect(pages.length - 1).toBe(result.pages);
    expect(pages[0]).toMatch(/Page 1 of \d+/);
    // The contents' page number for F-1 is the page its heading is on.
    const toc = flat(pages[1]);
    const m = /F-1 (.+?) \((high|critical|medium)\) (\d+)/.exec(toc);
    expect(m).not.toBeNull();
    const onPage = pages.findIndex((p) => flat(p).includes(`F-1 · ${m![1]}`)) + 1;
    expect(Number(m![3])).toBe(onPage);
    const appendix = /A Evidence files and their SHA-256 (\d+)/.exec(toc);
    expect(flat(pages[Number(appendix![1]) - 1])).toContain('Appendix A · Evidence files');
  });

  it('prints Letter as well as A4, includes a hidden layer when named, and audits each report', async () => {
    const letter = (await call(built.ctx, 'report.generate', {
      pdf: path.join(t.dir, 'letter.pdf'),
      paper: 'Letter',
      layers: ['findings', 'hypothesis B'],
    })) as ReportResult;
    const info = execFileSync('pdfinfo', [letter.pdf!], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+612 x 792 pts/);
    expect(execFileSync('pdfinfo', [result.pdf!], { encoding: 'utf8' })).toMatch(
      /Page size:\s+595\.\d+ x 84[12]\.\d+ pts \(A4\)/,
    );
    const lt = flat(pdftotext(letter.pdf!));
    expect(flat(lt.split('Appendix C · Analyst audit log')[0])).toContain('second-actor?'); // the range it tags, in the case timeline
    expect(lt).toContain('UTC'); // the case's display zone
    const audit = (await call(built.ctx, 'audit.list', { method: 'report.generate' })) as {
      params: { paper?: string };
    }[];
    expect(audit.length).toBe(2);
    expect(audit[0].params.paper).toBe('Letter');
  });
});
