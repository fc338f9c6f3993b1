// The appendix: every evidence file with its SHA-256, the custody log, the analyst audit log, and both hash
// chains re-verified at report time with their heads, so a reader can anchor this report to the case file.
import { listEvidence } from '../../query/info.js';
import { verifyChain } from '../../casefile/chain.js';
import { listAudit, type AuditRow } from '../../annotate/audit-list.js';
import { enrichmentInfo } from '../../query/enrichment.js';
import type { ReportModel, AuditModel, ReportSeal } from '../model.js';
import { checkSeal, latestSeal } from '../../casefile/seal.js';
import type { CaseDb } from '../../casefile/open.js';
import type { CollectContext } from './context.js';

const MAX_AUDIT = 3000;

function brief(v: unknown, max = 180): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** A line a reviewer can read: what the analyst did, in words, for the methods that change analyst work. */
export function auditSummary(r: AuditRow): string {
  const p = (r.params ?? {}) as Record<string, unknown>;
  const res = (r.result ?? {}) as Record<string, unknown>;
  const n = (k: string) => (Array.isArray(res[k]) ? (res[k] as unknown[]).length : 0);
  switch (r.method) {
    case 'annotations.add':
    case 'annotations.bulk': {
      const what: string[] = [];
      if (Array.isArray(p.tags) && p.tags.length) what.push(`tags ${(p.tags as string[]).join(', ')}`);
      if (p.note !== undefined) what.push(`note "${brief(p.note, 80)}"`);
      if (p.bookmark) what.push('bookmark');
      if (p.promote) what.push('promoted to case timeline');
      if (res.finding !== undefined) what.push(`cited in finding #${String(res.finding)}`);
      const targets = Array.isArray(p.targets)
        ? `${(p.targets as unknown[]).length} target(s)`
        : `events matching ${brief(p.filter, 80)}`;
      return `${what.join('; ')} on ${targets} → ${n('annotations')} annotation(s)`;
    }
    case 'annotations.update':
      return `edited annotation ${n('annotations') ? (res.annotations as number[])[0] : '?'}: ${brief({ ...p, id: undefined })}; before ${brief(res.before, 100)}`;
    case 'annotations.delete':
      return `removed annotation(s) ${brief(p.ids, 100)}`;
    case 'findings.create':
      return `created finding #${String(res.finding)} "${brief(p.title, 100)}" (${String(p.severity ?? 'medium')})`;
    case 'findings.update':
      return `edited finding #${String(res.finding)}: ${brief({ ...p, id: undefined })}`;
    case 'findings.delete':
      return `deleted finding #${String(res.finding)}`;
    case 'manual.add':
      return `manual event #${String(res.manual)} at ${String(p.ts)}: "${brief(p.title, 100)}"`;
    case 'manual.update':
      return `edited manual event #${String(res.manual)}: ${brief({ ...p, id: undefined })}`;
    case 'manual.delete':
      return `deleted manual event #${String(res.manual)}`;
    case 'narrative.add': {
      // The audit log keeps params as they were sent: `findingId` before the API's params became snake_case.
      const finding = p.finding_id ?? p.findingId;
      return `added a ${String(p.kind)} block${p.title ? ` "${brief(p.title, 80)}"` : ''}${finding !== undefined ? ` for finding #${String(finding)}` : ''} to the narrative`;
    }
    case 'narrative.update':
      return `edited narrative block #${String(res.block)}`;
    case 'narrative.move':
      return `moved narrative block #${String(res.block)} to position ${String(p.position)}`;
    case 'narrative.delete':
      return `removed narrative block #${String(res.block)}`;
    case 'layers.create':
      return `created layer "${brief(p.name, 80)}"`;
    case 'layers.update':
      return `changed layer #${String(res.layer)}: ${brief({ ...p, id: undefined })}`;
    case 'layers.delete':
      return `deleted layer #${String(res.layer)}`;
    case 'tags.color':
      return `tag "${brief(p.name, 60)}" coloured ${String(p.color)}`;
    case 'evidence.import':
      return `imported ${Array.isArray(p.paths) ? (p.paths as string[]).join(', ') : ''}`;
    case 'report.generate':
      return `generated a report (${brief({ layers: p.layers, tz: p.tz, paper: p.paper })})`;
    default:
      return brief(p);
  }
}

/** A custody entry's detail as key/value lines (paths and digests whole: they are what a reader checks). */
function fields(v: unknown): { key: string; value: string }[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [{ key: '', value: brief(v, 400) }];
  return Object.entries(v as Record<string, unknown>).map(([key, x]) => ({
    key,
    value: typeof x === 'string' ? x : brief(x, 300),
  }));
}

export function appendixSection(c: CollectContext): ReportModel['appendix'] {
  const db = c.handle.db;
  const names = new Map([...c.evidenceNames]);
  const custodyRows = db
    .prepare('SELECT seq, at, analyst, action, evidence_id, detail FROM custody_log ORDER BY seq')
    .all() as {
    seq: number;
    at: string;
    analyst: string | null;
    action: string;
    evidence_id: number | null;
    detail: string;
  }[];
  const auditTotal = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  const audit: AuditModel[] = listAudit(db, { order: 'asc', limit: MAX_AUDIT }).map((r) => ({
    seq: r.seq,
    at: r.at,
    analyst: r.analyst ?? '',
    method: r.method,
    summary: auditSummary(r),
  }));
  const cus = verifyChain(db, 'custody_log');
  const aud = verifyChain(db, 'audit_log');
  return {
    enrichment: enrichmentInfo(db).map((d) => ({
      name: d.name,
      version: d.version,
      date: d.date,
      sha256: d.sha256 ?? '',
      license: d.license ?? '',
      attribution: d.attribution ?? '',
    })),
    evidence: listEvidence(db).map((e) => ({
      id: e.id,
      name: e.name,
      path: e.path,
      sha256: e.sha256,
      format: e.format ?? '',
      size: e.size,
      records: e.records,
      events: e.events,
      rejected: e.rejected,
      merged: e.merged,
      added: e.added_at,
      status: e.status,
    })),
    custody: custodyRows.map((r) => ({
      seq: r.seq,
      at: r.at,
      analyst: r.analyst ?? '',
      action: r.action,
      evidence: r.evidence_id === null ? '' : (names.get(r.evidence_id) ?? String(r.evidence_id)),
      detail: fields(JSON.parse(r.detail)),
    })),
    audit,
    auditTotal,
    chains: {
      custody: { rows: cus.rows, head: cus.head, ok: cus.problems.length === 0 },
      audit: { rows: aud.rows, head: aud.head, ok: aud.problems.length === 0 },
    },
    seal: reportSeal(db, cus.head, aud.head),
  };
}

function reportSeal(db: CaseDb, custodyHead: string, auditHead: string): ReportSeal | null {
  const s = latestSeal(db);
  if (!s) return null;
  const p = s.payload;
  return {
    sealed_at: p.sealed_at,
    analyst: p.analyst,
    key: p.key,
    custody: p.custody,
    audit: p.audit,
    evidence: p.evidence,
    signature: s.signature,
    valid: checkSeal(db, s, 'seal').length === 0,
    current: p.custody.head === custodyHead && p.audit.head === auditHead,
  };
}
