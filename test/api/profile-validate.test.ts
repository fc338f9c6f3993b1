// profile.validate: every problem of a profile with the line and column the editor marks, from the YAML parser
// (syntax) and from the profile schema (fields); profile.set refuses the same text with the first of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { call } from '../../core/api/dispatch.js';
import { closeContext, createApiContext } from '../../core/api/context.js';
import type { ApiContext } from '../../core/api/registry.js';
import { tempDir } from '../helpers.js';

let tmp: ReturnType<typeof tempDir>;
let ctx: ApiContext;

beforeAll(async () => {
  tmp = tempDir('ss-profile-');
  ctx = createApiContext({ analyst: 'pat' });
  await call(ctx, 'case.create', { path: path.join(tmp.dir, 'p.sscase'), name: 'p' });
});
afterAll(() => {
  closeContext(ctx);
  tmp.cleanup();
});

const problems = async (yaml: string) => {
  const r = await call(ctx, 'profile.validate', { yaml });
  return r.ok ? [] : r.problems;
};

describe('profile.validate', () => {
  it('accepts a valid profile and returns it parsed', async () => {
    const yaml = 'identities:\n  - match: ci-deploy\n    allow:\n      actions: ["s3:Get*"]\n';
    const r = await call(ctx, 'profile.validate', { yaml });
    expect(r).toEqual({
      ok: true,
      profile: { identities: [{ match: 'ci-deploy', allow: { actions: ['s3:Get*'] } }] },
      problems: [],
    });
    expect(await call(ctx, 'profile.validate', { yaml: '' })).toMatchObject({ ok: true });
  });

  it('gives the YAML parser line and column of a syntax error', async () => {
    const p = await problems('identities:\n  - match: a\n    allow: {actions: [x}\n');
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]).toMatchObject({ line: 3, path: '' });
    expect(p[0].col).toBeGreaterThan(1);
    expect(p[0].message).toMatch(/^not valid YAML: /);
    // A tab used for indentation, on line 2.
    expect((await problems('identities:\n\t- match: a\n'))[0]).toMatchObject({ line: 2, col: 1 });
  });

  it('points schema problems at the node they are about: a wrong value, an unknown key, a missing field', async () => {
    const yaml = [
      'identities:', //                          1
      '  - match: ci-deploy', //                 2
      '    allow:', //                           3
      '      actions: ["s3:Get*", 7]', //        4
      '      categorys: [read]', //              5
      '  - description: no match here', //       6
      '    deny: {resources: ["db:*"]}', //      7
      'extra: true', //                          8
    ].join('\n');
    const p = await problems(yaml);
    expect(p.map((x) => [x.line, x.col, x.path])).toEqual([
      [4, 28, 'identities.0.allow.actions.1'],
      [5, 7, 'identities.0.allow.categorys'],
      [6, 5, 'identities.1.match'],
      [8, 1, 'extra'],
    ]);
    expect(p[1].message).toBe('unknown field "categorys"');
    expect((await problems('identities:\n  - match: a\n    allow: {categories: [fly]}\n'))[0]).toMatchObject({
      line: 3,
      col: 26,
      message: expect.stringMatching(/^must be one of: auth, credential, read, /),
    });
    expect(p[3].message).toBe('unknown field "extra"');
  });

  it('is read-only; profile.set refuses the same text with the first problem and writes nothing', async () => {
    const before = ctx.caseFile!.db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    await call(ctx, 'profile.validate', { yaml: 'identities: 3\n' });
    expect(ctx.caseFile!.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before);
    await expect(
      call(ctx, 'profile.set', { yaml: 'identities:\n  - match: a\n    allow: {actions: [1]}\n' }),
    ).rejects.toThrow(/^profile: identities\.0\.allow\.actions\.0 \(line 3, column 23\): /);
    expect((await call(ctx, 'profile.get')).yaml).toBe('');
  });

  it('applies a fixed profile, audited under the analyst who set it', async () => {
    const r = await call(ctx, 'profile.set', { yaml: 'identities:\n  - match: a\n    allow: {actions: ["x"]}\n' });
    expect(r.out_of_scope).toBe(0);
    const row = ctx
      .caseFile!.db.prepare("SELECT analyst FROM audit_log WHERE method = 'profile.set' ORDER BY seq DESC LIMIT 1")
      .get() as { analyst: string };
    expect(row.analyst).toBe('pat');
    expect((await call(ctx, 'profile.get')).analyst).toBe('pat');
  });
});
