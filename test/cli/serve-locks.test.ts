// No silent loss of committed work (issue 15 §1). A serving case — a process holding it open, like `serve` — opens
// it a second time inside itself (the import and report workers). POSIX drops every lock a process holds on a file
// when it closes any descriptor of it, so a second open that touched the file outside SQLite would leave the
// server's connection without locks: an external reader would then delete the WAL under it, and the server's
// close would checkpoint stale pages over a CLI writer's committed rows. Here, against a real `serve`, an external
// SQLite reader and a second writer run between the server's own writes; every committed row must survive the stop.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BIN, cli, cliJson } from './run.js';
import { rpc } from '../bridge/helpers.js';
import { fixture, tempDir } from '../helpers.js';

/** The `sqlite3` command-line shell if installed, else a second Node process with better-sqlite3. */
function externalRead(casePath: string): number {
  const sql = 'SELECT count(*) FROM annotations;';
  const shell = spawnSync('sqlite3', [casePath, sql], { encoding: 'utf8' });
  if (!shell.error) {
    expect(shell.status, shell.stderr).toBe(0);
    return Number(shell.stdout.trim());
  }
  const node = spawnSync(
    process.execPath,
    [
      '-e',
      `const D=require('better-sqlite3');const d=new D(process.argv[1]);process.stdout.write(String(d.prepare(${JSON.stringify(sql)}).pluck().get()));d.close();`,
      casePath,
    ],
    { encoding: 'utf8', cwd: path.resolve(BIN, '..', '..') },
  );
  expect(node.status, node.stderr).toBe(0);
  return Number(node.stdout.trim());
}

interface Served {
  port: number;
  token: string;
  stop(): Promise<void>;
}

async function serve(casePath: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', casePath, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SESSIONSCOPE_ANALYST: 'server-analyst' },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  const { port, token } = JSON.parse(line) as { port: number; token: string };
  return {
    port,
    token,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code, err).toBe(0);
    },
  };
}

async function call(s: Served, method: string, params: unknown): Promise<any> {
  const r = await rpc(s.port, s.token, method, params);
  const body = r.json();
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result;
}

describe('a serving case', () => {
  it('keeps every committed row when an external reader and a second writer use it while it is served', async () => {
    const t = tempDir('ss-locks-');
    const c = path.join(t.dir, 'served.sscase');
    expect(cli(['new', c]).code).toBe(0);
    const trail = path.join(t.dir, 'trail.json');
    copyFileSync(fixture('cloudtrail', 'pretty-array.json'), trail);
    expect(cli(['import', c, trail, '--quiet']).code).toBe(0);
    const eventIds = cliJson<{ id: number }[]>(['events', c]).map((e) => e.id);
    expect(eventIds.length).toBeGreaterThan(2);

    const s = await serve(c);
    const notes: string[] = [];
    const note = async (text: string) => {
      notes.push(text);
      await call(s, 'annotations.add', { targets: [{ kind: 'event', id: eventIds[0] }], note: text });
    };
    await note('server note before the workers');
    // The server opens the case a second time inside itself: the import worker and the report worker.
    const more = path.join(t.dir, 'more.jsonl');
    copyFileSync(fixture('cloudtrail', 'logstash-lowercase.jsonl'), more);
    await call(s, 'evidence.import', { paths: [more] });
    await call(s, 'report.generate', { html: path.join(t.dir, 'report.html') });
    expect(existsSync(path.join(t.dir, 'report.html'))).toBe(true);
    await note('server note after the workers');

    // An external SQLite reader opens and closes the case while it is served…
    expect(externalRead(c)).toBe(2);
    expect(existsSync(c + '-wal')).toBe(true);
    // …then a second writer: the CLI, in its own process.
    const cliNote = cli(['annotate', c, '--event', String(eventIds[1]), '--note', 'note from the CLI']);
    expect(cliNote.code, cliNote.stderr).toBe(0);
    notes.push('note from the CLI');
    await note('server note after the CLI');
    expect(externalRead(c)).toBe(4);
    await s.stop();

    const db = new Database(c, { readonly: true });
    const bodies = db.prepare("SELECT body FROM annotations WHERE kind = 'note' ORDER BY id").pluck().all();
    const methods = db.prepare('SELECT method FROM audit_log ORDER BY seq').pluck().all() as string[];
    db.close();
    expect(bodies).toEqual(notes);
    expect(methods.filter((m) => m === 'annotations.add')).toHaveLength(4);
    expect(methods).toContain('evidence.import');
    expect(methods).toContain('report.generate');
    const v = cli(['verify', c, '--json']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    writeFileSync(path.join(t.dir, 'done'), '');
    t.cleanup();
  }, 120_000);
});
