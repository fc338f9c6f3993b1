import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dryRun, type DryEvent, type DryRun } from '../dry-run.js';
import { corpus, fixture, HAS_CORPUS } from '../../test/helpers.js';

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
const line = (r: unknown) => (r as { line: number }).line;
const at = (evs: DryEvent[], l: number) => {
  const e = evs.find((x) => line(x.ref) === l);
  if (!e) throw new Error(`no event for line ${l}`);
  return e;
};

describe('auditd importer', () => {
  it('merges interleaved, out-of-order records of one event and explains bad lines', async () => {
    const run = await dryRun(fixture('auditd', 'audit.log'));
    expect(run.error).toBeUndefined();
    expect(run.format).toBe('auditd');
    expect(run.records).toBe(19);
    expect(run.events.length + run.rejects.length + run.merged).toBe(19);
    expect(run.events).toHaveLength(7);
    expect(run.merged).toBe(9);
    expect(run.rejects.map((r) => [line(r.ref), r.reason])).toEqual([
      [15, 'no parseable timestamp (the record has no msg=audit(time:serial) stamp)'],
      [16, 'not an audit record (no type=… msg=audit(…) header)'],
      [17, 'invalid UTF-8 at byte 108 of the record'],
    ]);

    // Serial 500: SYSCALL, EXECVE, CWD, PATH and EOE, with serial 501's records in between.
    const curl = at(run.events, 1);
    expect(curl.merged.map(line)).toEqual([3, 5, 7, 8]);
    expect(iso(curl.ts)).toBe('2026-03-10T10:00:00.100Z');
    expect(curl).toMatchObject({
      action: 'execve',
      category: 'exec',
      principal: '1000',
      principalType: 'user',
      sessionKey: 'web-1:ses=7',
      resource: '/usr/bin/curl',
      resourceType: 'file',
      outcome: 'success',
      userAgent: '/usr/bin/curl',
    });
    // The hex-encoded argument is decoded; the rule key and the uid change are kept.
    expect(curl.detail).toBe(
      'curl -H "Metadata-Flavor: Google" http://169.254.169.254/computeMetadata/v1/ · key=netexec · uid=1000 euid=0',
    );
    expect(curl.facts).toMatchObject({ host: 'web-1' });

    // Serial 501: its PROCTITLE came before its SYSCALL; a daemon (auid unset) is its uid, keyed by its process
    // (the program is the user agent and, since argv calls it "sh", in the detail).
    const sh = at(run.events, 4);
    expect(sh.merged.map(line)).toEqual([2, 6, 9]);
    expect(sh).toMatchObject({
      principal: '0',
      principalType: 'service',
      sessionKey: 'web-1:pid=1500 /usr/bin/dash',
      category: 'logging',
      userAgent: '/usr/bin/dash',
    });
    expect(sh.detail).toContain('exe=/usr/bin/dash');
    expect(sh.facts?.log_tamper).toBe('sh -c "auditctl -D && echo done"');

    expect(at(run.events, 10)).toMatchObject({
      action: 'USER_AUTH',
      category: 'auth',
      principal: 'root',
      outcome: 'failure',
      errorCode: 'failed',
      srcIp: '203.0.113.66',
    });
    const login = at(run.events, 11);
    expect(login.merged.map(line)).toEqual([12]);
    expect(login).toMatchObject({ action: 'LOGIN', principal: '1001', sessionKey: 'web-1:ses=8' });
    const rule = at(run.events, 13);
    expect(rule).toMatchObject({ action: 'CONFIG_CHANGE', category: 'logging', principal: '1000' });
    expect(rule.facts?.log_tamper).toBe('remove_rule');
    expect(at(run.events, 14)).toMatchObject({ action: 'DAEMON_END', category: 'logging' });
    // No EOE: emitted at the end of the file; opening the audit log for writing is tampering.
    const trunc = at(run.events, 18);
    expect(trunc).toMatchObject({ action: 'openat', category: 'logging', resource: '/var/log/audit/audit.log' });
    expect(trunc.merged.map(line)).toEqual([19]);
  });

  it('reads the ENRICHED format (translated fields after 0x1d)', async () => {
    const run = await dryRun(fixture('auditd', 'enriched.log'));
    expect(run.format).toBe('auditd');
    expect(run.events).toHaveLength(1);
    expect(run.events[0]).toMatchObject({
      principal: 'alice',
      principalType: 'user',
      action: 'execve',
      sessionKey: 'ses=3',
      detail: 'id',
    });
    expect(run.events[0].facts?.alias).toBe('auid|1000');
  });
});

describe('auditd sessions and principals', () => {
  it('one principal per session, the uid (not the program) without a login, process trees without ses grouped', async () => {
    const run = await dryRun(fixture('auditd', 'sessions.log'));
    expect(run.format).toBe('auditd');
    expect(run.rejects).toEqual([]);
    expect(run.events.length + run.merged).toBe(run.records);
    const who = (l: number) => {
      const e = at(run.events, l);
      return [e.principal, e.sessionKey];
    };

    // A login session already running when the file starts: only its number is stated, for all its records —
    // also after another session states the name of uid 1000 (line 15), and for the sudo it runs (acct = target).
    expect([1, 5, 22].map(who)).toEqual(Array(3).fill(['1000', 'ses=20']));
    expect(at(run.events, 5).facts).toMatchObject({ login: 'root', alias: 'auid|1000' });

    // cron: the account it authenticates (root) before the login, then uid 0 — named root, as the records state.
    expect([6, 7].map(who)).toEqual(Array(2).fill(['root', 'pid=500 /usr/sbin/crond']));
    expect([8, 9, 10, 14].map(who)).toEqual(Array(4).fill(['root', 'ses=12']));
    expect(at(run.events, 8)).toMatchObject({ action: 'LOGIN', principalType: 'user' });
    expect(at(run.events, 8).facts?.alias).toBe('auid|0');

    // sshd authenticates alice, whose login uid is 1000: her session is alice throughout.
    expect([15, 16, 17, 18].map(who)).toEqual(Array(4).fill(['alice', expect.any(String)]));
    expect([16, 17, 18].map((l) => at(run.events, l).sessionKey)).toEqual(Array(3).fill('ses=21'));

    // A container exec (ses unset): the uid runs the commands, the shell's tree is one session (also after the shell
    // exec'd cat), busybox is the user agent and in the detail.
    const shell = [26, 30, 34, 38].map((l) => at(run.events, l));
    for (const e of shell) {
      expect(e).toMatchObject({
        principal: '10001',
        principalType: 'service',
        sessionKey: 'pid=900 /bin/busybox',
        userAgent: '/bin/busybox',
      });
      expect(e.detail).toContain('exe=/bin/busybox');
      expect(e.facts?.alias).toBe('uid|10001');
    }
    expect(shell.map((e) => e.resource)).toEqual(['/bin/sh', '/usr/bin/id', '/usr/bin/wget', '/bin/cat']);
    // A child running as another uid, and one that left the terminal (setsid), lead groups of their own.
    expect(who(42)).toEqual(['root', 'pid=903 /sbin/su-exec']); // uid 0, named root by the cron login above
    expect(at(run.events, 42).facts?.alias).toBe('uid|0');
    expect(who(46)).toEqual(['10001', 'pid=904 /bin/busybox']);
  });
});

// go-libaudit's goldens (not ECS: one per record for auparse, one per coalesced event for aucoalesce) as oracles.
const STAMP = /msg=audit\((\d+)\.(\d+):(\d+)\)/;
function serialOf(raw: string): string | null {
  return STAMP.exec(raw)?.[3] ?? null;
}
/** go-libaudit summary.action → what this importer calls the action (syscall name or record type). */
const ACTIONS: Record<string, string[]> = {
  executed: ['execve', 'execveat'],
  renamed: ['rename', 'renameat', 'renameat2'],
  deleted: ['unlink', 'unlinkat', 'rmdir'],
  'changed-system-time': ['adjtimex', 'settimeofday', 'clock_settime'],
  'make-device': ['mknod', 'mknodat'],
  mounted: ['mount'],
};
const FILE_OBJECT_ACTIONS = new Set(['executed', 'renamed', 'deleted', 'mounted']);

function bySerial(run: DryRun): Map<string, DryEvent> {
  const m = new Map<string, DryEvent>();
  for (const e of run.events) {
    const s = serialOf(e.raw);
    if (s) m.set(s, e);
  }
  return m;
}

function sessionOf(e: DryEvent): string {
  const m = /ses=(\d+)$/.exec(e.sessionKey ?? '');
  return m ? m[1] : 'unset';
}

const COALESCE = [
  'go-libaudit-coalesce-rhel-7-linux-3.10.0.log',
  'go-libaudit-coalesce-ubuntu-17.04-linux-4.10.0.log',
  'go-libaudit-coalesce-ubuntu-20.04.6-linux-5.15.0-1034-gcp.log',
];

describe.skipIf(!HAS_CORPUS)('auditd agrees with the go-libaudit goldens', () => {
  for (const name of COALESCE) {
    it(`aucoalesce: ${name}`, async () => {
      const file = corpus('auditd', name);
      if (!existsSync(file)) return;
      const golden = JSON.parse(readFileSync(`${file}-expected.json`, 'utf8')) as { event: Record<string, unknown> }[];
      const run = await dryRun(file);
      expect(run.events).toHaveLength(golden.length);
      const mine = bySerial(run);
      for (const { event: g } of golden) {
        const seq = String(g.sequence);
        const e = mine.get(seq);
        expect(e, `event ${seq}`).toBeDefined();
        expect(Math.floor(e!.ts / 1000), `time of ${seq}`).toBe(Date.parse(g['@timestamp'] as string));
        expect(e!.outcome, `result of ${seq}`).toBe(g.result === 'success' ? 'success' : 'failure');
        expect(sessionOf(e!), `session of ${seq}`).toBe(g.session);
        const auid = (g.user as { ids?: { auid?: string } } | undefined)?.ids?.auid;
        // The login uid is the principal, or the name the file states for it with the number as an alias.
        if (auid && auid !== 'unset')
          expect(e!.principal === auid || e!.facts?.alias === `auid|${auid}`, `auid of ${seq}: ${e!.principal}`).toBe(
            true,
          );
        else
          expect(e!.principalType === 'user' && /^\d+$/.test(e!.principal ?? ''), `auid of ${seq} is unset`).toBe(
            false,
          );
        const recordType = String(g.record_type).toUpperCase();
        const summary = g.summary as
          { action?: string; object?: { type?: string; primary?: string }; how?: string } | undefined;
        if (recordType !== 'SYSCALL') expect(e!.action, `action of ${seq}`).toBe(recordType);
        else if (summary?.action)
          expect(ACTIONS[summary.action], `action of ${seq}: ${e!.action} vs ${summary.action}`).toContain(e!.action);
        if (summary?.action && FILE_OBJECT_ACTIONS.has(summary.action) && summary.object?.type === 'file') {
          expect(e!.resource, `object of ${seq}`).toBe(summary.object.primary);
        }
        if (summary?.how && summary.how.startsWith('/')) expect(e!.userAgent, `how of ${seq}`).toBe(summary.how);
      }
    });
  }

  it('auparse: go-libaudit-audit-rhel7.log, record by record', async () => {
    const file = corpus('auditd', 'go-libaudit-audit-rhel7.log');
    if (!existsSync(file)) return;
    const golden = JSON.parse(readFileSync(`${file}-expected.json`, 'utf8')) as (Record<string, unknown> | null)[];
    const run = await dryRun(file);
    const owner = new Map<number, { e: DryEvent; primary: boolean }>();
    for (const e of run.events) {
      owner.set(line(e.ref), { e, primary: true });
      for (const m of e.merged) owner.set(line(m), { e, primary: false });
    }
    golden.forEach((g, i) => {
      if (g === null) {
        // The reference parser reads nothing here either: the record is rejected for its missing stamp.
        expect(run.rejects.find((r) => line(r.ref) === i + 1)?.reason).toMatch(/^no parseable timestamp/);
        return;
      }
      const hit = owner.get(i + 1);
      expect(hit, `line ${i + 1}`).toBeDefined();
      const { e, primary } = hit!;
      expect(Math.floor(e.ts / 1000), `time of line ${i + 1}`).toBe(Date.parse(g['@timestamp'] as string));
      expect(
        e.raw.split('\n').some((r) => serialOf(r) === String(g.sequence)),
        `serial of line ${i + 1}`,
      ).toBe(true);
      if (!primary) return;
      const data = g.data as Record<string, string>;
      if (data.auid && data.auid !== 'unset' && data.auid !== '?') {
        expect(
          e.principal === data.auid || e.facts?.alias === `auid|${data.auid}`,
          `auid of line ${i + 1}: ${e.principal}`,
        ).toBe(true);
      }
      if (data.ses && data.ses !== 'unset') expect(sessionOf(e), `ses of line ${i + 1}`).toBe(data.ses);
      if (data.result === 'success' || data.result === 'fail')
        expect(e.outcome, `result of line ${i + 1}`).toBe(data.result === 'success' ? 'success' : 'failure');
      const type = String(g.record_type).toUpperCase();
      if (type !== 'SYSCALL' && !['CWD', 'PATH', 'EXECVE', 'PROCTITLE', 'SOCKADDR', 'BPRM_FCAPS'].includes(type))
        expect(e.action, `type of line ${i + 1}`).toBe(type);
    });
  });
});
