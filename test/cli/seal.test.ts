// Seals (issue 15 §2): the chain heads and evidence digest signed with the analyst's Ed25519 key, kept in the user's
// config folder; written when a writing session ends, before every report (printed on its cover), and on `seal`;
// exported with `seal --out` and checked with `verify --seal`: a case that moved on passes, a case cut back or
// rewritten since does not.
import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliJson } from './run.js';
import { fixture, tempDir } from '../helpers.js';

describe('seal', () => {
  it('seals, exports, and proves the case was neither cut back nor rewritten since', () => {
    const t = tempDir('ss-seal-');
    const config = path.join(t.dir, 'config');
    const env = { SESSIONSCOPE_CONFIG_DIR: config, SESSIONSCOPE_ANALYST: 'alice' };
    const run = (args: string[]) => cli(args, { env });
    const c = path.join(t.dir, 's.sscase');
    const trail = path.join(t.dir, 'trail.json');
    copyFileSync(fixture('cloudtrail', 'pretty-array.json'), trail);
    expect(run(['new', c]).code).toBe(0);
    expect(run(['import', c, trail, '--quiet']).code).toBe(0);
    const id = (JSON.parse(run(['events', c, '--json']).stdout) as { id: number }[])[0].id;
    expect(run(['annotate', c, '--event', String(id), '--note', 'first look']).code).toBe(0);

    // Each writing session ended with a seal, signed by alice's key, made on first use, private to her.
    const keys = readdirSync(path.join(config, 'keys'));
    expect(keys).toHaveLength(1);
    expect(statSync(path.join(config, 'keys')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(config, 'keys', keys[0])).mode & 0o777).toBe(0o600);
    const v0 = JSON.parse(run(['verify', c, '--json']).stdout);
    expect(v0.ok).toBe(true);
    expect(v0.checked.seals).toBeGreaterThanOrEqual(3);
    expect(v0.seal).toMatchObject({ analyst: 'alice', audit_after: 0, custody_after: 0 });

    // A report (audited, writes no analyst work), then the seal the analyst keeps.
    expect(run(['report', c, '--html', path.join(t.dir, 'first.html'), '--quiet']).code).toBe(0);
    const kept = path.join(t.dir, 'kept.seal.json');
    const s = run(['seal', c, '--out', kept]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/sealed .* by alice \(key [0-9a-f:]+\)/);
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    expect(run(['seal', c, '--out', kept]).stderr).toMatch(/refusing to overwrite/);

    // The case moves on: the seal still holds.
    expect(run(['annotate', c, '--event', String(id), '--tag', 'later']).code).toBe(0);
    const ok = run(['verify', c, '--seal', kept]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/seal file: the case contains it unchanged — not rewritten, not cut back since/);

    // The report's cover prints the seal that covers it.
    const html = path.join(t.dir, 'r.html');
    expect(run(['report', c, '--html', html, '--quiet']).code).toBe(0);
    const doc = readFileSync(html, 'utf8');
    expect(doc).toMatch(/<td>Seal<\/td><td>[^<]+ by alice · <span class="ok">covers this report<\/span>/);

    // A copy cut back to before the seal (its own seals removed too) is caught by the kept seal only.
    const cut = path.join(t.dir, 'cut.sscase');
    copyFileSync(c, cut);
    const db = new Database(cut);
    db.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER seals_no_delete');
    // Back to before the sealed report row: the later rows go, and the analyst work they wrote.
    const sealed = JSON.parse(JSON.parse(readFileSync(kept, 'utf8')).payload).audit.seq as number;
    db.exec(`DELETE FROM audit_log WHERE seq >= ${sealed}`);
    db.exec("DELETE FROM annotations WHERE tag = 'later'");
    db.exec("DELETE FROM tag_colors WHERE name = 'later'");
    db.exec('DELETE FROM seals');
    db.exec(
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    );
    db.exec(
      "CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END",
    );
    db.close();
    const plain = run(['verify', cut]);
    expect(plain.code, plain.stdout).toBe(0);
    const caught = run(['verify', cut, '--seal', kept]);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toMatch(/\[seal-file\] the seal file: the audit log was cut back/);

    // A seal file altered, or one of another case, proves nothing.
    const forged = JSON.parse(readFileSync(kept, 'utf8'));
    forged.payload = forged.payload.replace(/"seq":(\d+)/, (_m: string, n: string) => `"seq":${Number(n) + 1}`);
    const forgedFile = path.join(t.dir, 'forged.json');
    writeFileSync(forgedFile, JSON.stringify(forged));
    expect(run(['verify', c, '--seal', forgedFile]).stdout).toMatch(/the signature does not match/);
    const other = path.join(t.dir, 'other.sscase');
    expect(run(['new', other]).code).toBe(0);
    expect(run(['verify', other, '--seal', kept]).stdout).toMatch(/belongs to another case/);
    const json = cliJson<{ seal_file: { ok: boolean } }>(['verify', c, '--seal', kept]);
    expect(json.seal_file.ok).toBe(true);
    t.cleanup();
  });
});
