// Validates, runs and audits one call. Errors leave as {code, message}: one line, no stack, no paths
// beyond what the user gave.
import type { z } from 'zod';
import { UserError, type ErrorCode } from '../errors.js';
import { writeAudit } from './audit.js';
import { beginWork } from '../casefile/work-state.js';
import { assertSchemaUnchanged } from '../casefile/open.js';
import { damageError } from '../casefile/damage.js';
import type { ApiContext, MethodDef } from './registry.js';
import type { MethodName, Params, ParamsArg, Result } from './contract.js';
import { ALL_DOMAINS, domainOf, loadDomain, type Domain } from './methods/index.js';

export interface ApiError {
  code: ErrorCode;
  message: string;
}
export type ApiResponse = { result: unknown } | { error: ApiError };

const byName = new Map<string, MethodDef>();
const loaded = new Map<Domain, Promise<void>>();

/** Loads a domain's methods once; a method must live where its name routes it (methods/index.ts). */
function load(d: Domain): Promise<void> {
  let p = loaded.get(d);
  if (!p) {
    p = loadDomain(d).then((defs) => {
      for (const m of defs) {
        if (byName.has(m.name)) throw new Error(`duplicate API method ${m.name}`);
        if (domainOf(m.name) !== d)
          throw new Error(`API method ${m.name} is defined in ${d} but routed to ${domainOf(m.name) ?? 'nowhere'}`);
        byName.set(m.name, m);
      }
    });
    loaded.set(d, p);
  }
  return p;
}

async function method(name: string): Promise<MethodDef | undefined> {
  const d = typeof name === 'string' ? domainOf(name) : null;
  if (d) await load(d);
  return byName.get(name);
}

/** Every method (loads them all: for transports that announce the list, and the tests). */
export async function listMethods(): Promise<{ name: string; summary: string; mutates: string | false }[]> {
  await Promise.all(ALL_DOMAINS.map(load));
  return [...byName.values()].map((m) => ({ name: m.name, summary: m.summary, mutates: m.mutates }));
}

export async function hasMethod(name: string): Promise<boolean> {
  return (await method(name)) !== undefined;
}

function describeZod(e: z.ZodError): string {
  const first = e.issues[0];
  if (!first) return 'invalid parameters';
  const where = first.path.length > 0 ? first.path.join('.') : 'params';
  return `${where}: ${first.message}`;
}

function auditRow(ctx: ApiContext, m: MethodDef, params: unknown, result: unknown): void {
  writeAudit(
    ctx.caseFile!.db,
    ctx.analyst,
    m.name,
    m.auditParams ? m.auditParams(params) : params,
    m.auditResult ? m.auditResult(result) : null,
  );
}

/**
 * Runs a method by name with params from outside (a transport, a test driving the registry by name); throws
 * UserError for anything the caller should see. Callers that know the method use `call`.
 */
export async function invoke(ctx: ApiContext, name: string, rawParams: unknown): Promise<unknown> {
  try {
    return await run(ctx, name, rawParams);
  } catch (e) {
    // SQLite found the case damaged while a call read it: say so, and what to do (core/casefile/damage.ts).
    throw (ctx.caseFile && damageError(e, ctx.caseFile.path)) || e;
  }
}

async function run(ctx: ApiContext, name: string, rawParams: unknown): Promise<unknown> {
  const m = await method(name);
  if (!m) throw new UserError('METHOD_NOT_FOUND', `unknown method: ${String(name).slice(0, 80)}`);
  const parsed = m.params.safeParse(rawParams ?? {});
  if (!parsed.success) throw new UserError('INVALID_PARAMS', `${name}: ${describeZod(parsed.error)}`);
  const params = parsed.data;
  if (m.needsCase && !ctx.caseFile) throw new UserError('NO_CASE', 'no case is open: create or open a case first');
  // A case this user cannot write is open read-only (core/casefile/read-only.ts): say so before any write is tried.
  if (m.mutates && ctx.caseFile?.readOnly)
    throw new UserError(
      'READ_ONLY',
      `${name} changes the case, which is open read-only: ${ctx.caseFile.readOnly}. Copy the case to a folder you ` +
        'may write (or ask its owner) to work on it; reading, search and verify work as they are',
    );
  // A write never runs on a schema changed behind this connection's back (core/casefile/open.ts).
  if (m.mutates && ctx.caseFile) assertSchemaUnchanged(ctx.caseFile);
  if (m.mutates === 'sync' && ctx.caseFile) {
    const db = ctx.caseFile.db;
    let result: unknown;
    db.transaction(() => {
      // Every analyst-work row the handler writes is captured for its audit row (core/casefile/work-state.ts).
      beginWork(db);
      result = m.handler(ctx, params);
      if (result instanceof Promise) throw new Error(`${name} is declared sync but returned a promise`);
      auditRow(ctx, m, params, result);
    }).immediate();
    return result;
  }
  if (m.mutates === 'async' && ctx.caseFile) {
    const db = ctx.caseFile.db;
    // Immediate: a deferred transaction that reads the chain head and then writes fails at once (no busy wait)
    // when another connection — an import worker sealing its session — committed in between.
    db.transaction(() => auditRow(ctx, m, params, null)).immediate();
  }
  return await m.handler(ctx, params);
}

/** A method call typed end to end by the contract (core/api/contract.ts): params in, result out. */
export function call<K extends MethodName>(
  ctx: ApiContext,
  name: K,
  ...params: ParamsArg<Params<K>>
): Promise<Result<K>> {
  // The result is what the handler returned, and the contract's Result<K> is that handler's return type.
  return invoke(ctx, name, params[0]) as Promise<Result<K>>;
}

/** The transport-facing form: never throws. */
export async function dispatch(ctx: ApiContext, name: string, params: unknown): Promise<ApiResponse> {
  try {
    return { result: await invoke(ctx, name, params) };
  } catch (e) {
    if (e instanceof UserError) return { error: { code: e.code, message: e.message } };
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { error: { code: 'INTERNAL', message: msg } };
  }
}
