// Opening, creating and summarising cases.
import { z } from 'zod';
import path from 'node:path';
import { createCase, openCase, getMeta, setMeta } from '../../casefile/open.js';
import { resolveAnalyst } from '../../casefile/analyst.js';
import { caseInfo } from '../../query/info.js';
import { verifyCase } from '../../evidence/verify.js';
import { defineMethod, type ApiContext } from '../registry.js';
import { writeAudit } from '../audit.js';
import { UserError } from '../../errors.js';
import { allowedPath } from '../../policy/paths.js';

const checkPath = (ctx: ApiContext, p: string): string => allowedPath(ctx.allowedRoots, p);

export const caseMethods = [
  defineMethod({
    name: 'case.create',
    summary: 'Create a case file and open it',
    params: z
      .object({
        path: z.string().min(1).max(4096),
        name: z.string().max(500).optional(),
        analyst: z.string().max(200).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: false,
    handler(ctx, p) {
      const file = checkPath(ctx, p.path);
      const name = p.name ?? path.basename(file).replace(/\.sscase$/, '');
      const handle = createCase(file, { name, analyst: p.analyst ?? null });
      ctx.caseFile?.close();
      ctx.setCase(handle);
      ctx.analyst = resolveAnalyst(handle.db, p.analyst);
      const result = { case: handle.path, name };
      handle.db.transaction(() => writeAudit(handle.db, ctx.analyst, 'case.create', p, result))();
      return result;
    },
  }),
  defineMethod({
    name: 'case.open',
    summary: 'Open an existing case file',
    params: z.object({ path: z.string().min(1).max(4096) }).strict(),
    mutates: false,
    needsCase: false,
    handler(ctx, p) {
      const handle = openCase(checkPath(ctx, p.path));
      ctx.caseFile?.close();
      ctx.setCase(handle);
      return { case: handle.path, name: getMeta(handle.db, 'name') ?? '' };
    },
  }),
  defineMethod({
    name: 'case.current',
    summary: 'The open case, if any',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: false,
    handler(ctx) {
      return ctx.caseFile
        ? { case: ctx.caseFile.path, name: getMeta(ctx.caseFile.db, 'name') ?? '', analyst: ctx.analyst }
        : null;
    },
  }),
  defineMethod({
    name: 'case.info',
    summary: 'Case summary: events, identities, sessions, time range, evidence',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx) {
      return caseInfo(ctx.caseFile!.db);
    },
  }),
  defineMethod({
    name: 'case.settings',
    summary: 'Set case settings (display time zone, session inactivity gap)',
    params: z
      .object({
        display_tz: z.string().max(64).optional(),
        session_gap_seconds: z
          .number()
          .int()
          .min(60)
          .max(30 * 86400)
          .optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      if (p.display_tz !== undefined) {
        try {
          new Intl.DateTimeFormat('en-GB', { timeZone: p.display_tz });
        } catch {
          throw new UserError('INVALID_PARAMS', `unknown time zone ${p.display_tz}`);
        }
        setMeta(db, 'display_tz', p.display_tz);
      }
      if (p.session_gap_seconds !== undefined) setMeta(db, 'session_gap_seconds', String(p.session_gap_seconds));
      return { display_tz: getMeta(db, 'display_tz'), session_gap_seconds: Number(getMeta(db, 'session_gap_seconds')) };
    },
  }),
  defineMethod({
    name: 'case.verify',
    summary: 'Verify integrity, hash chains, evidence digests and evidence files',
    params: z.object({ rehash: z.boolean().optional() }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return verifyCase(ctx.caseFile!.db, { rehash: p.rehash });
    },
  }),
];
