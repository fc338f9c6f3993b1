// Issue 15 §3: memory stays flat on any input. The audit's reproducers, generated at test time (64 MB each, not
// committed): an auditd event whose stamp repeats forever, a PostgreSQL entry with endless continuation lines,
// an MCP log entry followed by endless stray output, Vault requests (128 MB) that never get a response. Before the
// bounds a 194 MB auditd log took 2.69 GB; each file here is parsed the way an import parses it, in a child process
// whose peak resident set size must stay under 500 MB, and every record must still be accounted for — the group
// that was cut is one event that says so, the rest rejects that say why.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const MB = 1024 * 1024;
const SIZE = 64 * MB;
const PEAK_MB = 500;
const built = existsSync(path.join(ROOT, 'dist', 'core', 'evidence', 'parse-job.js'));
const tmp = tempDir('ss-memory-');
afterAll(() => tmp.cleanup());

/** Writes `head` then `line(i)` until the file reaches SIZE, in 1 MB writes. */
function generate(name: string, head: string, line: (i: number) => string, size = SIZE): string {
  const file = path.join(tmp.dir, name);
  const fd = openSync(file, 'w');
  let written = 0;
  let buf = head;
  for (let i = 0; written < size; i++) {
    buf += line(i);
    if (buf.length >= MB) {
      written += writeSync(fd, buf);
      buf = '';
    }
  }
  if (buf) writeSync(fd, buf);
  closeSync(fd);
  return file;
}

interface Parsed {
  maxRssMb: number;
  records: number;
  accounted: number;
  events: number;
  rejects: number;
  reasons: string[];
}

/** How long one parse of a hostile file may take before it is killed and the test fails saying which one. */
const PARSE_TIMEOUT_MS = 240_000;

/** Parses `file` in a child (so its peak RSS is its own), without blocking: vitest's timeout still applies. */
async function parse(file: string, format: string): Promise<Parsed> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'test/hostile/parse-rss.mjs'), ROOT, file, format],
      { encoding: 'utf8', maxBuffer: 16 * MB, timeout: PARSE_TIMEOUT_MS, killSignal: 'SIGKILL' },
    );
    return JSON.parse(stdout) as Parsed;
  } catch (e) {
    const err = e as { killed?: boolean; code?: unknown; stderr?: string };
    const why = err.killed ? `did not finish within ${PARSE_TIMEOUT_MS / 1000} s` : `exited ${String(err.code)}`;
    throw new Error(`parsing ${path.basename(file)} as ${format} ${why}: ${err.stderr ?? ''}`, { cause: e });
  }
}

// Each test writes 64–128 MB and parses it: room for a loaded machine, while each parse is cut at PARSE_TIMEOUT_MS.
describe.skipIf(!built)('memory stays flat on hostile input (peak RSS under 500 MB)', { timeout: 300_000 }, () => {
  it('auditd: one stamp repeated forever', async () => {
    const file = generate(
      'one-serial.log',
      '',
      (i) =>
        `type=PATH msg=audit(1700000000.123:42): item=${i} name="/etc/passwd" inode=131 dev=fd:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL\n`,
    );
    const r = await parse(file, 'auditd');
    expect(r.maxRssMb).toBeLessThan(PEAK_MB);
    expect(r.accounted).toBe(r.records);
    expect(r.events).toBe(1);
    expect(r.reasons.some((x) => /whose event was cut at 1000 records/.test(x))).toBe(true);
  });

  it('PostgreSQL: one entry with endless continuation lines', async () => {
    const file = generate(
      'continuation.log',
      '2026-03-10 12:00:00 UTC [4101]: [1-1] user=app,db=orders LOG:  statement: SELECT *\n',
      (i) => `\tFROM orders WHERE id = ${i} AND note = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n`,
    );
    const r = await parse(file, 'postgres');
    expect(r.maxRssMb).toBeLessThan(PEAK_MB);
    expect(r.accounted).toBe(r.records);
    expect(r.events).toBe(1);
    expect(r.reasons.some((x) => /continues the PostgreSQL entry at line 1, which was cut/.test(x))).toBe(true);
  });

  it('MCP log: one entry followed by endless stray output', async () => {
    const file = generate(
      'stray.log',
      '2026-03-10T10:00:00.000Z [info] [filesystem] Initializing server...\n',
      (i) => `    at Object.<anonymous> (/srv/mcp/node_modules/x/index.js:${i}:17) xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n`,
    );
    const r = await parse(file, 'mcp-log');
    expect(r.maxRssMb).toBeLessThan(PEAK_MB);
    expect(r.accounted).toBe(r.records);
    expect(r.reasons.some((x) => /output line past the 10000 lines of output one MCP log entry/.test(x))).toBe(true);
  });

  it('Vault: requests that never get their response', async () => {
    // 12 KB requests: the 10,000 a Vault file may hold open were 120 MB of records, parsed (600 MB).
    const pad = 'x'.repeat(12_000);
    const file = generate(
      'no-responses.log',
      '',
      (i) =>
        JSON.stringify({
          time: '2026-03-10T14:00:00.100000000Z',
          type: 'request',
          auth: { token_type: 'default' },
          request: { id: `req-${i}`, operation: 'read', path: `secret/data/${i}`, data: { note: pad } },
        }) + '\n',
      2 * SIZE,
    );
    const r = await parse(file, 'vault-audit');
    expect(r.maxRssMb).toBeLessThan(PEAK_MB);
    expect(r.accounted).toBe(r.records);
    expect(r.events).toBe(r.records);
  });
});
