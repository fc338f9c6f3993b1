// A case with the scenario imported and an analyst's work on it, built through the API as the UI and CLI do.
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { call, invoke } from '../../core/api/dispatch.js';
import type { ApiContext } from '../../core/api/registry.js';
import { createApiContext } from '../../core/api/context.js';
import type { EventJson } from '../../core/query/event-json.js';
import { writeScenario, ATTACKER_IP, HOSTILE } from './scenario.js';

export interface Built {
  handle: CaseHandle;
  ctx: ApiContext;
  files: string[];
  byAction: (action: string, ip?: string) => EventJson[];
  events: EventJson[];
}

export function apiContext(handle: CaseHandle, analyst = 'alice'): ApiContext {
  return createApiContext({ caseFile: handle, analyst });
}

export async function importedCase(dir: string, name = 'CI role misuse'): Promise<Built> {
  const files = writeScenario(dir);
  const handle = createCase(path.join(dir, 'case.sscase'), { name, analyst: 'alice' });
  await runImport(handle.db, { casePath: handle.path, paths: files, analyst: 'alice' });
  const ctx = apiContext(handle);
  const events = (await call(ctx, 'events.list', { limit: 1000 })) as EventJson[];
  const byAction = (action: string, ip?: string) =>
    events.filter((e) => e.action === action && (ip === undefined || e.src_ip === ip));
  return { handle, ctx, files, byAction, events };
}

export const NOTE =
  'Customer database backup read from **203.0.113.66**, an address never seen for this role. Ticket INC-4411.';
export const DESCRIPTION =
  "The CI pipeline's web-identity session for role *ci-deploy* was used from 203.0.113.66, outside GitHub's ranges, " +
  `within an hour of its issue.\n\n- listed every bucket\n- read two objects from acme-backups, one of them named with \`${HOSTILE}\``;

/** The analyst's work: three findings with references, tags and notes, a manual event, a narrative. */
export async function annotatedCase(
  dir: string,
): Promise<Built & { findings: { exfil: number; persist: number; logging: number } }> {
  const b = await importedCase(dir);
  const c = (m: string, p: unknown) => invoke(b.ctx, m, p) as Promise<Record<string, unknown>>;
  const reads = [...b.byAction('s3:ListBuckets'), ...b.byAction('s3:GetObject', ATTACKER_IP)];
  const exfil = await c('annotations.add', {
    targets: reads.map((e) => ({ kind: 'event', id: e.id })),
    layer: 'findings',
    tags: ['exfiltration', 'attacker-ip'],
    finding: {
      title: 'CI deploy role credentials used from an unknown address',
      severity: 'high',
      refs: ['NHI2', 'NHI7', 'DE.AE-02'],
      body: DESCRIPTION,
    },
  });
  await c('annotations.add', { targets: [{ kind: 'event', id: reads[1].id }], layer: 'findings', note: NOTE });
  await c('annotations.add', {
    targets: [{ kind: 'finding', id: exfil.finding }],
    layer: 'findings',
    tags: ['customer-data'],
    note: 'Confirmed with the service owner by phone; the pipeline never reads acme-backups.',
  });
  const persist = await c('annotations.add', {
    targets: b.byAction('iam:CreateAccessKey').map((e) => ({ kind: 'event', id: e.id })),
    layer: 'findings',
    caption: "denied by the account's SCP",
    finding: {
      title: 'Attempted persistence: an access key for svc-backup',
      severity: 'medium',
      refs: ['NHI5', 'ASI03'],
    },
  });
  const logging = await c('annotations.add', {
    targets: b.byAction('cloudtrail:StopLogging').map((e) => ({ kind: 'event', id: e.id })),
    layer: 'findings',
    tags: ['log-tamper'],
    promote: true,
    finding: {
      title: 'CloudTrail logging stopped',
      severity: 'critical',
      refs: ['DE.AE-03'],
      body: 'After 14:03:17 UTC the trail recorded nothing: the absence of later events says nothing.',
    },
  });
  const call1 = await c('manual.add', {
    ts: '2026-03-10T14:20:00Z',
    kind: 'call',
    title: 'Service owner confirms the pipeline never reads acme-backups',
    layer: 'findings',
  });
  await c('annotations.add', {
    targets: [{ kind: 'manual', id: call1.id }],
    layer: 'findings',
    finding: { id: exfil.finding },
  });
  await c('narrative.add', {
    kind: 'text',
    title: 'What happened',
    body: "A CI role's short-lived credentials were replayed from an unknown address: the actor read customer backups, tried to mint a long-lived key and stopped the trail.",
  });
  await c('narrative.add', { kind: 'finding', finding_id: exfil.finding });
  await c('narrative.add', {
    kind: 'session_timeline',
    title: 'The whole web-identity session',
    params: { session: 'ASIAEXAMPLEKEY4711' },
    body: "Routine pipeline reads, then the attacker's calls from 203.0.113.66.",
  });
  await c('annotations.bulk', { filter: { search: `ip:${ATTACKER_IP}` }, layer: 'findings', promote: true });
  await c('annotations.add', {
    targets: [{ kind: 'range', from: '2026-03-10T13:58:00Z', to: '2026-03-10T14:05:00Z' }],
    layer: 'hypothesis B',
    tags: ['second-actor?'],
  });
  await call(b.ctx, 'layers.update', {
    id: ((await call(b.ctx, 'layers.list', {})) as { id: number; name: string }[]).find(
      (l) => l.name === 'hypothesis B',
    )!.id,
    hidden: true,
  });
  return {
    ...b,
    findings: {
      exfil: exfil.finding as number,
      persist: persist.finding as number,
      logging: logging.finding as number,
    },
  };
}
