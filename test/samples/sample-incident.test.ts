// The bundled sample incident (samples/): every file imports as its format, every record is accounted for the way
// its format defines (counted here from the files themselves, not from the importers), the expected odd records
// are rejected with the right reasons, and the facts of the story that the importers establish are there.
// Formats whose importer is not registered are skipped, so this test can land before all importers do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport, type ImportSummary } from '../../core/evidence/import-job.js';
import { queryEvents } from '../../core/query/events.js';
import type { EventJson } from '../../core/query/event-json.js';
import { getImporter } from '../../importers/registry.js';
import { ROOT, tempDir } from '../helpers.js';

const EVIDENCE = path.join(ROOT, 'samples', 'evidence');
const ATTACKER = '203.0.113.66';
const STOLEN_KEY = 'AKIAQ3EGT7KX5NHD4YJC';
const ORIGINAL_KEY = 'AKIAQ3EGT7KXM2LBWV5R';
const ADMIN_KEY = 'ASIAQ3EGT7KXPX2M9FWK';
const BACKUP_SVC = 'arn:aws:iam::111122223333:user/backup-svc';

const has = (format: string) => getImporter(format) !== null;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}
const text = (file: string) =>
  (file.endsWith('.gz') ? gunzipSync(readFileSync(file)) : readFileSync(file)).toString('utf8');
const lines = (file: string) =>
  text(file)
    .split('\n')
    .filter((l) => l !== '');

/** What each file holds, by the format's own rules: records, and how many events they make. */
function expected(file: string): { format: string; records: number; events: number; rejected: number } {
  const rel = path.relative(EVIDENCE, file).split(path.sep).join('/');
  if (rel.startsWith('aws/AWSLogs/')) {
    const n = (JSON.parse(text(file)) as { Records: unknown[] }).Records.length;
    return { format: 'cloudtrail', records: n, events: n, rejected: 0 };
  }
  if (rel.startsWith('aws/')) {
    const recs = lines(file).map((l) => JSON.parse(l) as Record<string, unknown>);
    const noTime = recs.filter((r) => r.eventTime === undefined).length;
    return { format: 'cloudtrail', records: recs.length, events: recs.length - noTime, rejected: noTime };
  }
  if (rel.startsWith('github/') || rel.startsWith('entra/')) {
    const n = lines(file).length;
    return {
      format: rel.startsWith('github/') ? 'github-audit' : rel.includes('SignIn') ? 'entra-signin' : 'entra-audit',
      records: n,
      events: n,
      rejected: 0,
    };
  }
  if (rel.startsWith('vault/')) {
    // A request and its response are one event; the first line answers a request that is not in the file.
    const ids = new Set(lines(file).map((l) => (JSON.parse(l) as { request: { id: string } }).request.id));
    return { format: 'vault-audit', records: lines(file).length, events: ids.size, rejected: 0 };
  }
  if (rel.startsWith('k8s/')) {
    // Stages of one request (auditID) are one event; the last line was cut off by the export.
    const all = lines(file);
    const ok: { auditID: string }[] = [];
    let bad = 0;
    for (const l of all) {
      try {
        ok.push(JSON.parse(l) as { auditID: string });
      } catch {
        bad++;
      }
    }
    return { format: 'k8s-audit', records: all.length, events: new Set(ok.map((e) => e.auditID)).size, rejected: bad };
  }
  if (rel.startsWith('postgres/')) {
    // One entry per prefixed line that is not a DETAIL / STATEMENT of the entry before it; tab lines continue a
    // statement.
    const all = lines(file);
    const entries = all.filter(
      (l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC:/.test(l) && !/:(DETAIL|STATEMENT|HINT|CONTEXT): {2}/.test(l),
    ).length;
    return { format: 'postgres', records: all.length, events: entries, rejected: 0 };
  }
  if (rel.startsWith('hosts/')) {
    // Records sharing msg=audit(time:serial) are one event.
    const all = lines(file);
    const serials = new Set(all.map((l) => /msg=audit\(([\d.]+:\d+)\)/.exec(l)![1]));
    return { format: 'auditd', records: all.length, events: serials.size, rejected: 0 };
  }
  if (rel.startsWith('agents/')) {
    // Each span of each ExportTraceServiceRequest is a record and an event.
    let n = 0;
    for (const l of lines(file)) {
      const req = JSON.parse(l) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
      for (const rs of req.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
    }
    return { format: 'otel', records: n, events: n, rejected: 0 };
  }
  throw new Error(`unexpected sample file ${rel}`);
}

let t: ReturnType<typeof tempDir>;
let h: CaseHandle;
let summary: ImportSummary;
const files = walk(EVIDENCE);
const events = new Map<string, EventJson[]>();
function eventsOf(format: string): EventJson[] {
  if (!events.has(format)) events.set(format, queryEvents(h.db, { formats: [format] }, { limit: 100_000 }));
  return events.get(format)!;
}

beforeAll(async () => {
  t = tempDir('ss-sample-');
  h = createCase(path.join(t.dir, 'sample.sscase'), { name: 'Sample incident', analyst: 'tester' });
  // Importer facts only: derivation is exercised elsewhere and may be rebuilt independently.
  summary = await runImport(h.db, { casePath: h.path, paths: [EVIDENCE], analyst: 'tester', noDerive: true });
});
afterAll(() => {
  h?.close();
  t?.cleanup();
});

describe('sample incident: every file, every record', () => {
  it('is what samples/generate.mjs writes', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'samples', 'generate.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('is the whole evidence folder, nothing else', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(summary.evidence.map((e) => e.path).sort()).toEqual(files.map((f) => path.resolve(f)).sort());
  });

  for (const file of files) {
    const rel = path.relative(EVIDENCE, file);
    const exp = expected(file);
    it.skipIf(!has(exp.format))(`${rel}: ${exp.format}, records = events + rejected + merged`, () => {
      const r = summary.evidence.find((e) => e.path === path.resolve(file))!;
      expect(r.status).toBe('complete');
      expect(r.format).toBe(exp.format);
      expect(r.records).toBe(exp.records);
      expect(r.events).toBe(exp.events);
      expect(r.rejected).toBe(exp.rejected);
      expect(r.records).toBe(r.events + r.rejected + r.merged);
    });
  }
});

describe('sample incident: the odd records', () => {
  it.skipIf(!has('cloudtrail'))('rejects the one CloudTrail record of the SIEM export that lost its eventTime', () => {
    const siem = files.find((f) => f.includes('cloudtrail-siem-export'))!;
    const line = lines(siem).findIndex((l) => !('eventTime' in JSON.parse(l))) + 1;
    const r = summary.evidence.find((e) => e.path === path.resolve(siem))!;
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0].record_ref).toEqual({ line });
    expect(r.rejects[0].reason).toMatch(/no parseable timestamp/);
  });

  it.skipIf(!has('k8s-audit'))('rejects the cut-off last line of the EKS audit export as invalid JSON', () => {
    const k = files.find((f) => f.includes(`${path.sep}k8s${path.sep}`))!;
    const r = summary.evidence.find((e) => e.path === path.resolve(k))!;
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0].record_ref).toEqual({ line: lines(k).length });
    expect(r.rejects[0].reason).toMatch(/JSON/);
    expect(text(k).endsWith('\n')).toBe(false);
  });

  it.skipIf(!has('vault-audit'))(
    'keeps the Vault response whose request was in the rotated file as an event of its own',
    () => {
      const v = files.find((f) => f.endsWith('vault_audit.log'))!;
      const first = JSON.parse(lines(v)[0]) as { type: string; request: { path: string } };
      expect(first.type).toBe('response');
      const ev = eventsOf('vault-audit').find((e) => (e.record_ref as { line?: number }).line === 1)!;
      expect(ev).toMatchObject({ resource: 'vault:sys/leases/renew', principal: 'kubernetes-payments-api' });
      expect(ev.ts.startsWith('2026-03-03T00:00:00')).toBe(true);
    },
  );
});

describe('sample incident: the story', () => {
  it.skipIf(!has('github-audit'))(
    'the release bot token pushes to main from a new address, overriding branch protection',
    () => {
      const bot = eventsOf('github-audit').filter((e) => e.principal === 'acme-release-bot');
      const fromNew = bot.filter((e) => e.src_ip === '198.51.100.23');
      expect(fromNew.filter((e) => e.action === 'git.push')).toHaveLength(2);
      expect(fromNew.filter((e) => e.action === 'protected_branch.policy_override')).toHaveLength(2);
      expect(new Set(fromNew.map((e) => e.session_key))).toEqual(
        new Set(bot.filter((e) => e.src_ip === '192.0.2.42').map((e) => e.session_key)),
      );
      expect(
        bot.some((e) => e.action === 'workflows.created_workflow_run' && e.ts.startsWith('2026-03-10T13:58:44')),
      ).toBe(true);
    },
  );

  it.skipIf(!has('cloudtrail'))('OIDC to gha-deploy, role chaining to prod-admin, a new key for backup-svc', () => {
    const ct = eventsOf('cloudtrail');
    const web = ct.find((e) => e.action === 'sts:AssumeRoleWithWebIdentity' && e.ts === '2026-03-10T13:59:31.000Z')!;
    expect(web).toMatchObject({
      principal: 'repo:acme/payments:ref:refs/heads/main',
      resource: 'arn:aws:iam::111122223333:role/gha-deploy',
      outcome: 'success',
    });
    const chain = ct.find((e) => e.action === 'sts:AssumeRole' && e.ts === '2026-03-10T13:59:41.000Z')!;
    expect(chain).toMatchObject({
      principal: 'arn:aws:sts::111122223333:assumed-role/gha-deploy/GitHubActions',
      resource: 'arn:aws:iam::111122223333:role/prod-admin',
    });
    const mint = ct.find((e) => e.action === 'iam:CreateAccessKey')!;
    expect(mint).toMatchObject({
      session_key: ADMIN_KEY,
      resource: BACKUP_SVC,
      src_ip: web.src_ip,
      category: 'credential',
    });
  });

  it.skipIf(!has('cloudtrail'))(
    'the stolen key is used only from 203.0.113.66: customer exports, a bucket policy, StopLogging',
    () => {
      const ct = eventsOf('cloudtrail');
      const stolen = ct.filter((e) => e.session_key === STOLEN_KEY);
      const byAttacker = stolen.filter((e) => e.src_ip === ATTACKER);
      // Its own use is all from the attacker's address; the responders' later calls name the key but not as caller.
      expect(stolen.length).toBeGreaterThanOrEqual(17);
      expect(byAttacker).toHaveLength(stolen.length);
      expect(new Set(stolen.map((e) => e.principal))).toEqual(new Set([BACKUP_SVC]));
      const exports = byAttacker.filter(
        (e) => e.action === 's3:GetObject' && e.resource?.startsWith('arn:aws:s3:::acme-customer-exports/'),
      );
      expect(exports).toHaveLength(10);
      expect(
        byAttacker.some(
          (e) => e.action === 's3:PutBucketPolicy' && e.resource === 'arn:aws:s3:::acme-customer-exports',
        ),
      ).toBe(true);
      expect(byAttacker.find((e) => e.action === 's3:GetBucketPolicy')).toMatchObject({
        outcome: 'failure',
        error_code: 'NoSuchBucketPolicy',
      });
      // The key backup-svc really uses never left the backup host.
      const original = ct.filter((e) => e.session_key === ORIGINAL_KEY);
      expect(original.length).toBeGreaterThanOrEqual(16);
      expect(new Set(original.map((e) => e.src_ip))).toEqual(new Set(['192.0.2.200']));
    },
  );

  it.skipIf(!has('cloudtrail'))(
    'StopLogging: one event, by the stolen key, then the trail is silent until StartLogging',
    () => {
      const stop = eventsOf('cloudtrail').filter((e) => e.action === 'cloudtrail:StopLogging');
      expect(stop).toHaveLength(1);
      expect(stop[0]).toMatchObject({
        ts: '2026-03-10T15:39:02.000Z',
        principal: BACKUP_SVC,
        session_key: STOLEN_KEY,
        src_ip: ATTACKER,
        category: 'logging',
        outcome: 'success',
        resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/acme-management-trail',
      });
      const silent = eventsOf('cloudtrail').filter(
        (e) => e.ts > '2026-03-10T15:39:02.000Z' && e.ts < '2026-03-10T17:52:18.000Z',
      );
      expect(silent).toHaveLength(0);
      expect(
        eventsOf('cloudtrail').some(
          (e) => e.action === 'cloudtrail:StartLogging' && e.ts === '2026-03-10T17:52:18.000Z',
        ),
      ).toBe(true);
    },
  );

  it.skipIf(!has('k8s-audit'))(
    'prod-admin, from 203.0.113.66, execs into a payments/api pod (EKS user.extra carries the key)',
    () => {
      const exec = eventsOf('k8s-audit').filter((e) => e.action === 'create pods/exec');
      expect(exec).toHaveLength(1);
      expect(exec[0]).toMatchObject({ session_key: ADMIN_KEY, src_ip: ATTACKER, category: 'exec' });
      expect(exec[0].principal).toMatch(/^arn:aws:sts::111122223333:assumed-role\/prod-admin\/release-\d+$/);
      expect(exec[0].resource).toMatch(/^k8s:payments\/pods\/api-[a-z0-9]+-[a-z0-9]{5}\/exec$/);
    },
  );

  it.skipIf(!has('auditd'))('inside the pod: the service-account token is read and posted to 203.0.113.66', () => {
    const host = eventsOf('auditd');
    expect(host.some((e) => e.detail?.includes('cat /var/run/secrets/eks.amazonaws.com/serviceaccount/token'))).toBe(
      true,
    );
    expect(host.some((e) => e.detail?.includes(`https://${ATTACKER}:8443/t`))).toBe(true);
  });

  it.skipIf(!has('cloudtrail'))(
    'the pod identity replayed from outside: payments-api assumed from 203.0.113.66',
    () => {
      const irsa = eventsOf('cloudtrail').filter(
        (e) => e.action === 'sts:AssumeRoleWithWebIdentity' && e.principal === 'system:serviceaccount:payments:api',
      );
      expect(irsa.length).toBeGreaterThan(50);
      expect(irsa.filter((e) => e.src_ip === ATTACKER)).toHaveLength(1);
    },
  );

  it.skipIf(!has('vault-audit') || !has('postgres'))(
    "the run's Vault token, from 203.0.113.66, gets database credentials that then read and copy out customers",
    () => {
      const vault = eventsOf('vault-audit').filter((e) => e.src_ip === ATTACKER);
      expect(vault.find((e) => e.resource === 'vault:database/creds/payments-ro')).toMatchObject({
        outcome: 'success',
        principal: 'jwt-repo:acme/payments:ref:refs/heads/main',
      });
      expect(vault.find((e) => e.resource === 'vault:database/creds/payments-admin')).toMatchObject({
        outcome: 'failure',
      });
      const db = eventsOf('postgres').filter((e) => e.src_ip === ATTACKER);
      // "connection received" comes before authentication: no user yet, but already the backend's session.
      const users = new Set(db.filter((e) => e.action !== 'connection received').map((e) => e.principal));
      expect(users.size).toBe(1);
      expect([...users][0]).toMatch(/^v-jwt-repo-payments-[A-Za-z0-9]{20}-\d{10}$/);
      expect(new Set(db.map((e) => e.session_key)).size).toBe(1);
      expect(db.some((e) => e.action === 'SELECT' && e.detail?.startsWith('SELECT * FROM customers;'))).toBe(true);
      expect(
        db.filter((e) => e.action === 'COPY' && e.category === 'query' && /TO STDOUT/.test(e.detail ?? '')),
      ).toHaveLength(2);
      expect(
        db.some((e) => e.outcome === 'failure' && e.detail?.includes('permission denied for table card_tokens')),
      ).toBe(true);
    },
  );

  it.skipIf(!has('otel'))('support-copilot calls query_customers and export_csv for one ticket', () => {
    const agent = eventsOf('otel').filter((e) => e.principal === 'support-copilot');
    const calls = agent.filter(
      (e) => e.action === 'tools/call query_customers' || e.action === 'tools/call export_csv',
    );
    expect(calls.map((e) => e.action).sort()).toEqual(['tools/call export_csv', 'tools/call query_customers']);
    expect(new Set(calls.map((e) => e.session_key))).toEqual(new Set(['conv_4Nq8TzW1bKx6VmR2cYe0HdLp']));
    expect(calls.find((e) => e.action === 'tools/call export_csv')!.detail).toContain(
      `https://${ATTACKER}:8443/upload/acme`,
    );
    expect(agent.filter((e) => e.action === 'tools/call lookup_ticket').length).toBeGreaterThan(20);
  });

  it.skipIf(!has('entra-signin'))(
    'the Azure DR service principal signs in from 203.0.113.66 (one failure, two successes)',
    () => {
      const sp = eventsOf('entra-signin').filter((e) => e.principal === 'payments-dr-terraform');
      const atk = sp.filter((e) => e.src_ip === ATTACKER);
      expect(atk.map((e) => e.outcome).sort()).toEqual(['failure', 'success', 'success']);
      expect(sp.length).toBe(atk.length + 8);
    },
  );

  it.skipIf(!has('entra-audit'))('… and no source shows what it did: it has no directory actions', () => {
    const audit = eventsOf('entra-audit');
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.filter((e) => e.principal === 'payments-dr-terraform')).toHaveLength(0);
  });
});
