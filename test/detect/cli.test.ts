// `sessionscope detections` and `coverage --rules` as a user runs them (the built CLI): the JSON contract
// (DESIGN §7), `--rules DIR`, and clear errors.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, cliJson } from '../cli/run.js';
import { fixture, tempDir } from '../helpers.js';

describe('detections CLI', () => {
  const t = tempDir('ss-detect-cli-');
  const CASE = path.join(t.dir, 'c.sscase');
  beforeAll(() => {
    expect(cli(['new', CASE, '--name', 'sigma cli']).code).toBe(0);
    expect(cli(['import', CASE, fixture('sigma', 'cloudtrail.jsonl'), fixture('sigma', 'k8s-eks.jsonl')]).code).toBe(0);
  });
  afterAll(() => t.cleanup());

  test('--json: [{rule:{id,title,level,author,license,url,tags}, event, ts, identity, session}]', () => {
    const rows = cliJson<Record<string, unknown>[]>(['detections', CASE, '--level', 'medium+']);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      expect(Object.keys(r.rule as object)).toEqual(
        expect.arrayContaining(['id', 'title', 'level', 'author', 'license', 'url', 'tags']),
      );
      expect(typeof r.event).toBe('number');
      expect(r.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
      expect(r).toHaveProperty('identity');
      expect(r).toHaveProperty('session');
    }
  });
  test('--rules DIR adds the analyst rules; a correlation lists its events', () => {
    const rows = cliJson<{ kind: string; events?: number[]; rule: { id: string } }[]>([
      'detections',
      CASE,
      '--rules',
      fixture('sigma', 'rules'),
      '--kind',
      'correlation',
    ]);
    const x = rows.find((r) => r.rule.id === '5d1c4b1e-0d2a-4c55-9c1e-000000000001');
    expect(x?.events?.length).toBe(2);
  });
  test('the table names each rule with its author and link', () => {
    const r = cli(['detections', CASE, '--rule', '4db60cc0-36fb-42b7-9b58-a5b53019fb74']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vitaliy0x1');
    expect(r.stdout).toContain('https://github.com/SigmaHQ/sigma/blob/');
    expect(r.stdout).toContain('DRL-1.1');
  });
  test('coverage --rules lists the rules that cannot run, and why', () => {
    const rows = cliJson<{ status: string; reasons: string[] }[]>(['coverage', CASE, '--rules']);
    expect(rows.some((r) => r.status === 'not_in_case' && r.reasons[0].includes('needs okta'))).toBe(true);
    expect(rows.some((r) => r.status === 'no_source')).toBe(true);
    expect(rows.every((r) => r.status !== 'runs')).toBe(true);
  });
  test('wrong input: clear errors', () => {
    const bad = cli(['detections', CASE, '--rules', path.join(t.dir, 'nope')]);
    expect(bad.code).toBe(2); // wrong parameters are a usage error
    expect(bad.stderr).toMatch(/does not exist/);
    const lvl = cli(['detections', CASE, '--level', 'urgent']);
    expect(lvl.code).toBe(2);
    expect(lvl.stderr).toMatch(/level "urgent"/);
    const rule = cli(['detections', CASE, '--rule', 'no-such-rule']);
    expect(rule.code).toBe(1);
    expect(rule.stderr).toMatch(/no rule "no-such-rule" has matches/);
  });
});
