// Credentials and IP intelligence (core/derive/secrets, core/enrich; docs/derivation.md "Credentials"). Listing is
// read-only; naming the analyst's own .mmdb databases is a case setting, audited, and re-derives.
import { z } from 'zod';
import { defineMethod } from '../registry.js';
import { listCredentials, CREDENTIAL_FLAGS } from '../../query/credentials.js';
import { setMeta } from '../../casefile/open.js';
import { deriveAll } from '../../derive/index.js';
import { MMDB_SETTING, mmdbPaths } from '../../derive/enrich.js';
import { openMmdb } from '../../enrich/mmdb.js';
import { enrichmentInfo } from '../../query/enrichment.js';
import { UserError } from '../../errors.js';

const text = z.string().min(1).max(2000);

export const credentialMethods = [
  defineMethod({
    name: 'credentials.list',
    summary:
      'Each credential: issued, first/last use, rotated, revoked, deleted, expiry, exposed, and its flags (used after revoke, two networks…)',
    // → [{id, credential, kind, ns, identity, identity_id, issuer, issued, expires, first_use, last_use, uses,
    //   sessions,
    //     networks, rotated, revoked, deleted, exposed, long_lived, age_days, flags:[…], events:{role:[event ids]}}]
    params: z
      .object({
        identity: text.optional(),
        flag: z.enum(CREDENTIAL_FLAGS).optional(),
        kind: text.optional(),
        max_age_days: z.number().int().min(1).max(36500).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return listCredentials(ctx.caseFile!.db, {
        identity: p.identity,
        flag: p.flag,
        kind: p.kind,
        maxAgeDays: p.max_age_days,
      });
    },
  }),
  defineMethod({
    name: 'enrichment.list',
    summary: 'The IP intelligence datasets the case was enriched with (name, version, date, SHA-256, licence, source)',
    // → {datasets:[{name, kind, version, date, sha256, license, attribution, source, status}], mmdb:[paths]}
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx) {
      const db = ctx.caseFile!.db;
      return { datasets: enrichmentInfo(db), mmdb: mmdbPaths(db) };
    },
  }),
  defineMethod({
    name: 'enrichment.settings',
    summary:
      "Name the analyst's MaxMind .mmdb databases (ASN, Country, City, Anonymous IP) to enrich with, and re-derive",
    // → the enrichment.list shape
    params: z.object({ mmdb: z.array(z.string().min(1).max(4096)).max(8) }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const paths: string[] = [];
      for (const f of p.mmdb) {
        try {
          paths.push(openMmdb(f).info.file);
        } catch (e) {
          throw new UserError('INVALID_PARAMS', (e as Error).message);
        }
      }
      setMeta(db, MMDB_SETTING, JSON.stringify(paths));
      deriveAll(db);
      return { datasets: enrichmentInfo(db), mmdb: mmdbPaths(db) };
    },
  }),
];
