// The ECS export against Elastic's own integrations (the shared corpus's *-expected.json oracles): for each sample,
// the fields Elastic fills — event.id (the source's own id), event.provider, cloud.*, user.*, related.*, source.ip —
// come out the same from SessionScope's export of that sample. Skipped when the corpus is absent.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { corpus, HAS_CORPUS, tempDir } from '../helpers.js';
import { caseFrom } from '../derive/case.js';

type Doc = Record<string, any>;

const SAMPLES: [string, string][] = [
  ['cloudtrail', 'elastic-cloudtrail-assume-role.log'],
  ['github-audit', 'elastic-github-audit-api-request-events.log'],
  ['vault-audit', 'elastic-hashicorp-vault-audit.log'],
  ['azure-signin', 'elastic-azure-signinlogs-service-principal-failure.log'],
  ['azure-audit', 'elastic-azure-auditlogs-msi-failure.log'],
  ['gcp-audit', 'elastic-gcp-audit-iamcredentials-generateaccesstoken.log'],
  ['k8s-audit', 'elastic-k8s-audit-aks-diagnostic.log'],
];

/** Every leaf of `want` (objects walked, lists as sets) is in `got`. */
function contains(got: unknown, want: unknown, at: string): string[] {
  if (Array.isArray(want)) {
    const g = Array.isArray(got) ? got : [got];
    return want
      .filter((w) => !g.includes(w))
      .map((w) => `${at}: missing ${JSON.stringify(w)} in ${JSON.stringify(got)}`);
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') return [`${at}: missing (want ${JSON.stringify(want)})`];
    return Object.entries(want).flatMap(([k, v]) => contains((got as Doc)[k], v, `${at}.${k}`));
  }
  if (Array.isArray(got) && got.includes(want)) return [];
  return got === want ? [] : [`${at}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`];
}

describe.skipIf(!HAS_CORPUS)('ECS export fields against the Elastic integrations', () => {
  const dir = tempDir('ss-ecs-oracle-');
  afterAll(() => dir.cleanup());

  for (const [folder, file] of SAMPLES) {
    it(`${folder}/${file}`, async () => {
      const c = await caseFrom([corpus(folder, file)]);
      try {
        const out = path.join(dir.dir, `${file}.ndjson`);
        await c.api('export.case', { format: 'ecs', out });
        const docs = readFileSync(out, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Doc);
        const expected = (
          JSON.parse(readFileSync(corpus(folder, `${file}-expected.json`), 'utf8')) as { expected: Doc[] }
        ).expected;
        const problems: string[] = [];
        for (const want of expected) {
          const id = want.event?.id;
          const at = Date.parse(want['@timestamp']);
          const got = id
            ? docs.find((d) => d.event.id === id)
            : (docs.find((d) => Date.parse(d['@timestamp']) === at) ?? (docs.length === 1 ? docs[0] : undefined));
          if (!got) {
            problems.push(`no exported document for ${id ?? want['@timestamp']}`);
            continue;
          }
          const pick: Doc = {};
          if (want.event?.provider) pick.event = { provider: want.event.provider };
          for (const k of ['cloud', 'user']) if (want[k]) pick[k] = want[k];
          if (want.related)
            pick.related = { ip: want.related.ip, user: want.related.user, entity: want.related.entity };
          if (want.source?.ip) pick.source = { ip: want.source.ip };
          for (const k of Object.keys(pick.related ?? {})) if (pick.related[k] === undefined) delete pick.related[k];
          problems.push(...contains(got, pick, id ?? 'doc'));
        }
        expect([...new Set(problems)]).toEqual([]);
      } finally {
        c.close();
      }
    });
  }
});
