// The search grammar on the bundled sample incident: a table of queries, each with the events it must find. The
// expected hits are NOT computed by the search code: each row carries a plain JavaScript predicate over every
// event of the case (its normalized fields, derived identity/session/flags, facts and raw record text, as
// events.get returns them), and node:net's BlockList decides addresses. Both sides must agree exactly, on the
// list and on the count, and (unless the row says otherwise) the expectation must not be empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockList, isIPv6 } from 'node:net';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { invoke } from '../../core/api/dispatch.js';
import type { ApiContext } from '../../core/api/registry.js';
import type { EventJson } from '../../core/query/event-json.js';
import { ROOT, tempDir } from '../helpers.js';
import { apiContext } from '../report/case.js';

const EVIDENCE = path.join(ROOT, 'samples', 'evidence');

interface Ev extends EventJson {
  facts: Record<string, string>;
  /** The record's values (JSON string and integer leaves), or its text for line formats. */
  values: string[];
  tags: string[];
  layers: string[];
  us: number;
}

let t: { dir: string; cleanup: () => void };
let h: CaseHandle;
let ctx: ApiContext;
let all: Ev[] = [];
const api = <T>(m: string, p: unknown) => invoke(ctx, m, p) as Promise<T>;

// ── the oracle: independent of core/query/search ───────────────────────────────────────────────────────────────
const words = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

function leaves(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' && Number.isInteger(v)) out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
}

/**
 * Words in sequence inside one value of the event (its normalized fields or its record); `prefix`: last word as a
 * prefix.
 */
function says(e: Ev, text: string, prefix = false): boolean {
  const q = words(text);
  const fields = [e.principal, e.action, e.resource, e.src_ip, e.user_agent, e.detail, e.session_key, e.error_code];
  for (const v of [...fields, ...e.values]) {
    if (!v) continue;
    const w = words(v);
    for (let i = 0; i + q.length <= w.length; i++) {
      let ok = true;
      for (let j = 0; j < q.length && ok; j++) {
        const last = j === q.length - 1;
        ok = last && prefix ? w[i + j].startsWith(q[j]) : w[i + j] === q[j];
      }
      if (ok) return true;
    }
  }
  return false;
}

/** Whole-value glob, ASCII case ignored. */
function glob(pattern: string): (v: string | null | undefined) => boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    'is',
  );
  return (v) => v !== null && v !== undefined && re.test(v);
}

function inNet(cidr: string): (ip: string | null) => boolean {
  const [addr, len] = cidr.split('/');
  const v6 = isIPv6(addr);
  const bl = new BlockList();
  bl.addSubnet(addr, Number(len), v6 ? 'ipv6' : 'ipv4');
  return (ip) => {
    if (!ip) return false;
    try {
      return bl.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
    } catch {
      return false;
    }
  };
}

const micros = (iso: string) => {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso)!;
  return Date.parse(m[1] + 'Z') * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
};
const at = (iso: string) => Date.parse(iso) * 1000;

// ── the case ──────────────────────────────────────────────────────────────────────────────────────────────────
let backupSvc: Ev[] = [];
let sessionId = 0;
let sessionKey = '';
let someId = 0;

beforeAll(async () => {
  t = tempDir('ss-search-');
  h = createCase(path.join(t.dir, 'sample.sscase'), { name: 'Sample incident', analyst: 'tester' });
  await runImport(h.db, { casePath: h.path, paths: [EVIDENCE], analyst: 'tester' });
  ctx = apiContext(h, 'tester');
  const list = await api<EventJson[]>('events.list', { limit: 100000 });
  all = [];
  for (const e of list) {
    const full = await api<EventJson & { facts: Record<string, string>; raw: string | null }>('events.get', {
      id: e.id,
    });
    const values: string[] = [];
    const raw = full.raw ?? '';
    try {
      leaves(JSON.parse(raw), values);
    } catch {
      values.push(raw);
    }
    all.push({ ...e, facts: full.facts, values, tags: [], layers: [], us: micros(e.ts) });
  }
  // Analyst marks, chosen without search: the customer-export reads tagged, the bot's pushes in a layer.
  const exfil = all.filter((e) => e.action === 's3:GetObject' && (e.resource ?? '').includes('customer-exports'));
  const pushes = all.filter((e) => e.action === 'git.push');
  await api('annotations.add', {
    targets: exfil.map((e) => ({ kind: 'event', id: e.id })),
    layer: 'triage',
    tags: ['exfil', 'Reviewed'],
  });
  await api('annotations.add', {
    targets: pushes.map((e) => ({ kind: 'event', id: e.id })),
    layer: 'initial access',
    tags: ['push'],
  });
  for (const e of exfil) {
    e.tags.push('exfil', 'Reviewed');
    e.layers.push('triage');
  }
  for (const e of pushes) {
    e.tags.push('push');
    e.layers.push('initial access');
  }
  backupSvc = all.filter((e) => e.identity === 'arn:aws:iam::111122223333:user/backup-svc');
  const s = h.db
    .prepare("SELECT id, session_key FROM sessions WHERE session_key LIKE 'ASIA%' AND events >= 2 ORDER BY id LIMIT 1")
    .get() as { id: number; session_key: string };
  sessionId = s.id;
  sessionKey = s.session_key;
  someId = all[Math.floor(all.length / 2)].id;
}, 120_000);

afterAll(() => {
  h?.close();
  t?.cleanup();
});

// ── the table ─────────────────────────────────────────────────────────────────────────────────────────────────
interface Row {
  q: string | (() => string);
  want: (e: Ev) => boolean;
  /** The sample holds no such event: the result must be empty (and the query still valid). */
  empty?: boolean;
  tz?: string;
}

const notText = (text: string) => (e: Ev) => !says(e, text);
const ua = (e: Ev) => e.user_agent ?? '';

const TABLE: Row[] = [
  // Free text: words, phrases, prefixes, case, OR, exclusion alone.
  { q: 'StopLogging', want: (e) => says(e, 'StopLogging') },
  { q: 'stoplogging', want: (e) => says(e, 'StopLogging') },
  { q: 'backup-svc', want: (e) => says(e, 'backup svc') },
  { q: '"customer exports"', want: (e) => says(e, 'customer exports') },
  { q: 'AccessDen*', want: (e) => says(e, 'AccessDen', true) },
  { q: 'pg_dump', want: (e) => says(e, 'pg dump') },
  { q: 'StopLogging OR CreateAccessKey', want: (e) => says(e, 'StopLogging') || says(e, 'CreateAccessKey') },
  { q: '-StopLogging', want: notText('StopLogging') },
  { q: 'NOT "s3:PutObject"', want: notText('s3 PutObject') },
  { q: 'GetSecretValue -ip:192.0.2.0/24', want: (e) => says(e, 'GetSecretValue') && !inNet('192.0.2.0/24')(e.src_ip) },
  { q: '203.0.113.66', want: (e) => says(e, '203 0 113 66') },
  { q: '203.0.113.*', want: (e) => says(e, '203 0 113') },
  { q: 'arn:aws:iam::111122223333:user/backup-svc', want: (e) => says(e, 'arn aws iam 111122223333 user backup svc') },
  { q: 'repo:acme/payments:ref:refs/heads/main', want: (e) => says(e, 'repo acme payments ref refs heads main') },
  { q: 'curl', want: (e) => says(e, 'curl') },
  {
    q: 'backup-svc StopLogging OR backup-svc DetachUserPolicy',
    want: (e) => says(e, 'backup svc') && (says(e, 'StopLogging') || says(e, 'DetachUserPolicy')),
  },
  // Fields: globs anywhere, whole values, case.
  { q: 'action:s3:Get*', want: (e) => glob('s3:Get*')(e.action) },
  { q: 'action:*GetSecretValue', want: (e) => e.action.endsWith('GetSecretValue') },
  { q: 'action:S3:GETOBJECT', want: (e) => e.action === 's3:GetObject' },
  { q: 'action:GetObject', want: () => false, empty: true },
  {
    q: 'action:(s3:GetObject OR s3:PutObject)',
    want: (e) => e.action === 's3:GetObject' || e.action === 's3:PutObject',
  },
  { q: 'action:s3:?etObject', want: (e) => /^s3:.etObject$/i.test(e.action) },
  { q: 'action:*Policy*', want: (e) => /policy/i.test(e.action) },
  { q: 'resource:*exports*', want: (e) => /exports/i.test(e.resource ?? '') },
  {
    q: 'resource:arn:aws:s3:::acme-customer-exports*',
    want: (e) => (e.resource ?? '').startsWith('arn:aws:s3:::acme-customer-exports'),
  },
  {
    q: 'resource:arn:aws:s3:::acme-customer-exports',
    want: (e) => e.resource === 'arn:aws:s3:::acme-customer-exports',
  },
  { q: 'ua:*curl*', want: (e) => /curl/i.test(ua(e)) },
  { q: 'ua:curl*', want: (e) => /^curl/i.test(ua(e)) },
  { q: 'user_agent:aws-cli/*', want: (e) => ua(e).startsWith('aws-cli/') },
  {
    q: 'ua:"aws-cli/2.15.30 md/awscrt*command#s3.cp"',
    want: (e) => glob('aws-cli/2.15.30 md/awscrt*command#s3.cp')(ua(e)),
  },
  { q: 'ua:*', want: (e) => ua(e) !== '' },
  { q: '-ua:*', want: (e) => ua(e) === '' },
  { q: 'principal:*backup-svc', want: (e) => (e.principal ?? '').endsWith('backup-svc') },
  { q: 'principal_type:access_key', want: (e) => e.principal_type === 'access_key' },
  { q: 'type:role_session OR type:workload', want: (e) => ['role_session', 'workload'].includes(e.principal_type) },
  { q: 'outcome:failure', want: (e) => e.outcome === 'failure' },
  { q: '-outcome:success', want: (e) => e.outcome !== 'success' },
  { q: 'outcome:fail*', want: (e) => e.outcome === 'failure' },
  { q: 'category:credential', want: (e) => e.category === 'credential' },
  { q: 'category:(privilege OR logging)', want: (e) => e.category === 'privilege' || e.category === 'logging' },
  { q: 'format:vault-audit', want: (e) => e.format === 'vault-audit' },
  { q: 'format:entra*', want: (e) => e.format.startsWith('entra') },
  { q: 'error_code:*', want: (e) => !!e.error_code },
  { q: 'error:AccessDenied*', want: (e) => /^accessdenied/i.test(e.error_code ?? '') },
  { q: 'detail:*DROP*', want: (e) => /drop/i.test(e.detail ?? '') },
  { q: 'session_key:ASIA*', want: (e) => /^asia/i.test(e.session_key ?? '') },
  { q: 'key:AKIAQ3EGT7KX5NHD4YJC', want: (e) => e.session_key === 'AKIAQ3EGT7KX5NHD4YJC' },
  // Addresses: literal, wildcard, CIDR on and off octet boundaries, exclusion, IPv4-mapped, IPv6.
  { q: 'ip:203.0.113.66', want: (e) => e.src_ip === '203.0.113.66' },
  { q: 'ip:203.0.113.*', want: (e) => inNet('203.0.113.0/24')(e.src_ip) },
  { q: 'ip:203.0.113.0/24', want: (e) => inNet('203.0.113.0/24')(e.src_ip) },
  { q: 'ip:10.0.0.0/8', want: (e) => inNet('10.0.0.0/8')(e.src_ip) },
  { q: 'ip:10.40.*', want: (e) => inNet('10.40.0.0/16')(e.src_ip) },
  { q: 'ip:10.40.12.0/22', want: (e) => inNet('10.40.12.0/22')(e.src_ip) },
  { q: 'ip:10.40.32.0/23', want: (e) => inNet('10.40.32.0/23')(e.src_ip) },
  { q: 'ip:192.0.2.0/24 -ip:192.0.2.41', want: (e) => inNet('192.0.2.0/24')(e.src_ip) && e.src_ip !== '192.0.2.41' },
  { q: '-ip:10.0.0.0/8', want: (e) => !inNet('10.0.0.0/8')(e.src_ip) },
  { q: 'ip:0.0.0.0/0', want: (e) => inNet('0.0.0.0/0')(e.src_ip) },
  { q: 'ip:::ffff:203.0.113.66', want: (e) => e.src_ip === '203.0.113.66' },
  { q: 'ip:::ffff:cb00:7100/120', want: (e) => inNet('203.0.113.0/24')(e.src_ip) },
  { q: 'ip:2001:db8::/32', want: () => false, empty: true },
  { q: '::1', want: () => false, empty: true },
  { q: 'src_ip:*.amazonaws.com', want: () => false, empty: true },
  // Time: instants with an offset, dates, a wall-clock time in a display zone (PDT on 2026-03-10).
  {
    q: 'after:2026-03-10T14:00:00Z before:2026-03-10T15:00:00Z',
    want: (e) => e.us >= at('2026-03-10T14:00:00Z') && e.us < at('2026-03-10T15:00:00Z'),
  },
  { q: 'after:2026-03-10', want: (e) => e.us >= at('2026-03-10T00:00:00Z') },
  { q: 'before:2026-03-04', want: (e) => e.us < at('2026-03-04T00:00:00Z') },
  {
    q: 'after:2026-03-10T07:00 before:2026-03-10T08:00',
    tz: 'America/Los_Angeles',
    want: (e) => e.us >= at('2026-03-10T14:00:00Z') && e.us < at('2026-03-10T15:00:00Z'),
  },
  {
    q: 'after:2026-03-10T15:00+01:00 before:2026-03-10T14:30Z',
    tz: 'America/Los_Angeles',
    want: (e) => e.us >= at('2026-03-10T14:00:00Z') && e.us < at('2026-03-10T14:30:00Z'),
  },
  // Identities by any name, sessions, flags.
  { q: 'identity:user/backup-svc', want: (e) => e.identity === 'arn:aws:iam::111122223333:user/backup-svc' },
  { q: 'identity:backup-svc', want: (e) => e.identity === 'arn:aws:iam::111122223333:user/backup-svc' },
  {
    q: 'identity:arn:aws:iam::111122223333:role/prod-admin',
    want: (e) => e.identity === 'arn:aws:iam::111122223333:role/prod-admin',
  },
  { q: 'identity:acme-release*', want: (e) => /^acme-release/.test(e.identity ?? '') },
  {
    q: '-identity:user/backup-svc format:cloudtrail',
    want: (e) => e.identity !== 'arn:aws:iam::111122223333:user/backup-svc' && e.format === 'cloudtrail',
  },
  { q: () => `session:S${sessionId}`, want: (e) => e.session_id === sessionId },
  { q: () => `session:${sessionKey}`, want: (e) => e.session_key === sessionKey },
  { q: 'flag:deviation', want: (e) => e.flags.includes('deviation') },
  { q: 'flag:log_tamper', want: (e) => e.flags.includes('log_tamper') },
  {
    q: 'flag:visibility_gap OR flag:log_tamper',
    want: (e) => e.flags.includes('visibility_gap') || e.flags.includes('log_tamper'),
  },
  { q: '-flag:*', want: (e) => e.flags.length === 0 },
  // Analyst marks.
  { q: 'tag:exfil', want: (e) => e.tags.includes('exfil') },
  { q: 'tag:REVIEW*', want: (e) => e.tags.includes('Reviewed') },
  { q: 'layer:"initial access"', want: (e) => e.layers.includes('initial access') },
  { q: 'layer:triage OR tag:push', want: (e) => e.layers.includes('triage') || e.tags.includes('push') },
  { q: 'action:s3:GetObject -tag:exfil', want: (e) => e.action === 's3:GetObject' && !e.tags.includes('exfil') },
  // Evidence, ids, facts.
  { q: 'evidence:vault_audit.log', want: (e) => e.format === 'vault-audit' },
  { q: 'evidence:postgresql.log.*', want: (e) => e.format === 'postgres' },
  { q: () => `id:${someId}`, want: (e) => e.id === someId },
  { q: 'fact.tool:export_csv', want: (e) => e.facts.tool === 'export_csv' },
  { q: 'fact.ci_repository:acme/*', want: (e) => /^acme\//i.test(e.facts.ci_repository ?? '') },
  { q: 'fact.issued_key:ASIA*', want: (e) => (e.facts.issued_key ?? '').split('\n').some((v) => /^asia/i.test(v)) },
  // Combinations.
  {
    q: '(identity:user/backup-svc OR identity:role/prod-admin) category:credential',
    want: (e) =>
      ['arn:aws:iam::111122223333:user/backup-svc', 'arn:aws:iam::111122223333:role/prod-admin'].includes(
        e.identity ?? '',
      ) && e.category === 'credential',
  },
  {
    q: 'action:s3:* -action:s3:PutObject outcome:success',
    want: (e) => e.action.startsWith('s3:') && e.action !== 's3:PutObject' && e.outcome === 'success',
  },
  { q: 'GetSecretValue OR ua:*curl*', want: (e) => says(e, 'GetSecretValue') || /curl/i.test(ua(e)) },
  {
    q: '-(format:postgres OR format:k8s-audit) -outcome:success',
    want: (e) => !['postgres', 'k8s-audit'].includes(e.format) && e.outcome !== 'success',
  },
  {
    q: 'NOT StopLogging format:cloudtrail ip:203.0.113.66',
    want: (e) => !says(e, 'StopLogging') && e.format === 'cloudtrail' && e.src_ip === '203.0.113.66',
  },
  {
    q: 'ip:203.0.113.66 (action:iam:* OR action:cloudtrail:*)',
    want: (e) => e.src_ip === '203.0.113.66' && /^(iam|cloudtrail):/.test(e.action),
  },
];

describe(`search on the sample incident (${TABLE.length} queries)`, () => {
  it('has at least 60 queries', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE.map((r, i) => [typeof r.q === 'string' ? r.q : `row ${i}`, r] as const))('%s', async (_, row) => {
    const q = typeof row.q === 'string' ? row.q : row.q();
    const filter = { search: q, ...(row.tz ? { tz: row.tz } : {}) };
    const want = all.filter(row.want).map((e) => e.id);
    if (row.empty) expect(want).toEqual([]);
    else expect(want.length, `the sample should hold events for ${q}`).toBeGreaterThan(0);
    const got = (await api<EventJson[]>('events.list', { filter, limit: 100000 })).map((e) => e.id);
    expect(got, q).toEqual(want);
    expect((await api<{ count: number }>('events.count', { filter })).count, q).toBe(want.length);
    // Pages (keyset, both orders) together are the same list.
    const paged: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await api<EventJson[]>('events.list', {
        filter,
        limit: 7,
        order: 'desc',
        ...(after !== undefined ? { after } : {}),
      });
      paged.push(...page.map((e) => e.id));
      if (page.length < 7) break;
      after = page[page.length - 1].id;
    }
    expect(paged.reverse(), q).toEqual(want);
  });

  it('backup-svc is in the sample (the identity rows test something)', () => {
    expect(backupSvc.length).toBeGreaterThan(5);
  });
});

describe('search through the timeline, the explain method and annotations', () => {
  it('filters the density band and grid seeks like events.count', async () => {
    for (const search of ['action:s3:Get*', '-outcome:success', 'ip:10.40.12.0/22', 'StopLogging OR ua:*curl*']) {
      const n = (await api<{ count: number }>('events.count', { filter: { search } })).count;
      const hist = await api<{ total: number }>('timeline.histogram', { bins: 50, filter: { search } });
      expect(hist.total, search).toBe(n);
      const seek = await api<{ total: number; id: number | null }>('timeline.seek', {
        position: 1,
        filter: { search },
      });
      expect(seek.total, search).toBe(n);
      const second = (await api<EventJson[]>('events.list', { filter: { search }, limit: 2 }))[1];
      expect(seek.id, search).toBe(second?.id ?? null);
    }
  });

  it('filters the timeline window like events.list', async () => {
    const search = 'ip:203.0.113.0/24 -outcome:success';
    const want = all.filter((e) => inNet('203.0.113.0/24')(e.src_ip) && e.outcome !== 'success').map((e) => e.id);
    const w = await api<{ total: number; items: { id: number }[] }>('timeline.window', {
      from: '2026-03-03T00:00:00Z',
      to: '2026-03-11T00:00:00Z',
      max_items: 1000,
      filter: { search },
    });
    expect(w.total).toBe(want.length);
    expect(w.items.map((i) => i.id).sort((a, b) => a - b)).toEqual(want);
  });

  it('lists the fields a search may name', async () => {
    const fields = await api<{ name: string; aliases: string[]; kind: string; values?: string[]; example: string }[]>(
      'search.fields',
      {},
    );
    expect(fields.find((f) => f.name === 'user_agent')).toMatchObject({ aliases: ['ua'], kind: 'text' });
    expect(fields.find((f) => f.name === 'format')?.values).toContain('cloudtrail');
    expect(fields.find((f) => f.name === 'fact.KEY')).toMatchObject({ kind: 'fact' });
    // Every example is a query the grammar reads.
    for (const f of fields) {
      const r = await api<{ ok: boolean }>('search.parse', { query: f.example });
      expect(r.ok, f.example).toBe(true);
    }
  });

  it('explains a query without running it', async () => {
    const ok = await api<{ ok: true; normalized: string; notes: { message: string }[] }>('search.parse', {
      query: 'identity:nobody-at-all action:s3:Get* OR StopLogging',
    });
    expect(ok.ok).toBe(true);
    expect(ok.normalized).toBe('(identity:nobody-at-all AND action:s3:Get*) OR StopLogging');
    expect(ok.notes.map((n) => n.message)).toEqual(['no identity is named nobody-at-all']);
    const bad = await api<{ ok: false; error: { message: string; start: number; end: number; suggestions: string[] } }>(
      'search.parse',
      { query: 'outcome:sucess' },
    );
    expect(bad).toMatchObject({ ok: false, error: { start: 8, end: 14, suggestions: ['success'] } });
    await expect(api('events.list', { filter: { search: 'outcome:sucess' } })).rejects.toMatchObject({
      code: 'INVALID_QUERY',
      message: expect.stringMatching(/column 9: unknown outcome 'sucess': did you mean success\?/),
    });
  });

  it('refuses to save a live event list whose search cannot be read', async () => {
    await expect(
      api('narrative.add', { kind: 'events', params: { filter: { search: 'action:(a OR' } } }),
    ).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    await expect(
      api('narrative.add', { kind: 'events', params: { filter: { search: 'tag:exfil' } } }),
    ).resolves.toMatchObject({ kind: 'events' });
  });

  it('selects what annotations.bulk marks', async () => {
    const r = await api<{ events: number }>('annotations.bulk', {
      filter: { search: 'ua:curl* ip:198.51.100.0/24' },
      tags: ['curl-from-bot-ip'],
    });
    const want = all.filter((e) => /^curl/i.test(ua(e)) && inNet('198.51.100.0/24')(e.src_ip)).length;
    expect(r.events).toBe(want);
    expect((await api<{ count: number }>('events.count', { filter: { search: 'tag:curl-from-bot-ip' } })).count).toBe(
      want,
    );
  });
});
