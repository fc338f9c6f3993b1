// Opening, creating and summarising cases.
import { z } from 'zod';
import path from 'node:path';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { sealCase, toSealFile } from '../../casefile/seal.js';
import { caseFiles } from '../../evidence/files.js';
import { createCase, openCase, getMeta, setMeta } from '../../casefile/open.js';
import { caseInfo } from '../../query/info.js';
import { verifyCase } from '../../evidence/verify.js';
import { rebuildSearchIndex } from '../../evidence/repair-index.js';
import { defineMethod, type ApiContext } from '../registry.js';
import { UserError } from '../../errors.js';
import { allowedPath } from '../../policy/paths.js';

const checkPath = (ctx: ApiContext, p: string): string => allowedPath(ctx.allowedRoots, p);

/** The case a call opened or created. */
export interface CaseRef {
  /** The case file's absolute path. */
  case: string;
  name: string;
}

export interface CurrentCase extends CaseRef {
  analyst: string;
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

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
      // createCase writes the case.create audit row itself, with the case's first analyst-work rows.
      // Whoever acts (the CLI's --analyst, the browser session's name) creates it, unless the call names the analyst.
      const handle = createCase(file, { name, analyst: p.analyst ?? null, by: p.analyst ?? ctx.analyst });
      ctx.caseFile?.close();
      ctx.setCase(handle);
      // The analyst named for the case acts from now on; else whoever acted still does (never the OS user instead).
      if (p.analyst) ctx.analyst = p.analyst;
      const result: CaseRef = { case: handle.path, name };
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
      const opened: CaseRef = { case: handle.path, name: getMeta(handle.db, 'name') ?? '' };
      return opened;
    },
  }),
  defineMethod({
    name: 'case.current',
    summary: 'The open case, if any',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: false,
    handler(ctx): CurrentCase | null {
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
    summary:
      'Verify the schema, integrity, hash chains, evidence digests, analyst work against the audit log, seals and evidence files; deep: re-read evidence, compare the search index and derived tables; seal: check against an exported seal',
    params: z
      .object({
        rehash: z.boolean().optional(),
        deep: z.boolean().optional(),
        seal: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      let sealFile: string | undefined;
      if (p.seal !== undefined) {
        const file = checkPath(ctx, p.seal);
        // Reading the case file outside SQLite would drop this connection's locks on it (core/casefile/open.ts).
        if (caseFiles(ctx.caseFile!.path).has(realpathOr(file)))
          throw new UserError('INVALID_PARAMS', `that is the case file itself, not a seal: ${p.seal}`);
        try {
          sealFile = readFileSync(file, 'utf8');
        } catch (e) {
          throw new UserError(
            'NOT_FOUND',
            `cannot read the seal file ${p.seal}: ${(e as Error).message.split('\n')[0]}`,
          );
        }
      }
      return verifyCase(ctx.caseFile!.db, {
        rehash: p.rehash,
        deep: p.deep,
        sealFile,
        schema: ctx.caseFile!.schema,
      });
    },
  }),
  defineMethod({
    name: 'case.repair',
    summary:
      'Rebuild the search index from the evidence files (each at its path with its recorded SHA-256), leaving the evidence untouched; recorded in the custody log',
    params: z.object({ search_index: z.literal(true) }).strict(),
    mutates: 'async',
    needsCase: true,
    handler(ctx) {
      return rebuildSearchIndex(ctx.caseFile!.db, ctx.analyst);
    },
  }),
  defineMethod({
    name: 'case.seal',
    summary:
      "Seal the case now with the analyst's key (chain heads and evidence digest, signed); with out, also write the seal to a file to keep outside the case",
    params: z.object({ out: z.string().min(1).max(4096).optional() }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const out = p.out === undefined ? undefined : checkPath(ctx, p.out);
      if (out !== undefined && existsSync(out))
        throw new UserError('CONFLICT', `refusing to overwrite existing file: ${p.out}`);
      const seal = sealCase(ctx.caseFile!.db, ctx.analyst);
      if (out !== undefined)
        writeFileSync(out, JSON.stringify(toSealFile(seal), null, 2) + '\n', { flag: 'wx', mode: 0o600 });
      return {
        seq: seal.seq ?? null,
        sealed_at: seal.payload.sealed_at,
        analyst: seal.payload.analyst,
        key: seal.payload.key,
        custody: seal.payload.custody,
        audit: seal.payload.audit,
        evidence: seal.payload.evidence,
        file: out ?? null,
      };
    },
  }),
];
