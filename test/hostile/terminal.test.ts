// Issue 15 §4: log content never drives the analyst's terminal. Identity names, file names and paths that carry
// ESC sequences (a title change, an OSC 8 link, a screen clear), C1 controls or bidi overrides reach the terminal
// neutralized in every command's human output, and exact (as \u escapes) in its JSON output.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inertJson, neutralize } from '../../cli/terminal.js';
import { tempDir } from '../helpers.js';
import { cli } from '../cli/run.js';

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

const TITLE = '\u001b]0;owned\u0007';
const OSC8 = '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\';
const CLEAR = '\u001b[2J\u001b[H';
const C1 = '\u009b31m';
const BIDI = '\u202egol.txt';
const ARN = `arn:aws:iam::111122223333:user/etl${TITLE}${OSC8}${CLEAR}${C1}${BIDI}\r`;
const FILE_NAME = `trail${TITLE}\u202e.jsonl`;

const tmp = tempDir('ss-term-');
let casePath = '';
let dir = '';

beforeAll(() => {
  dir = path.join(tmp.dir, `logs${CLEAR}`);
  mkdirSync(dir);
  const ev = (i: number, arn: string) =>
    JSON.stringify({
      eventVersion: '1.08',
      eventTime: `2026-03-10T10:00:0${i}Z`,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      userIdentity: { type: 'IAMUser', arn },
      sourceIPAddress: '10.0.0.5',
      userAgent: `aws-cli${TITLE}`,
    });
  writeFileSync(path.join(dir, FILE_NAME), [ev(1, ARN), ev(2, ARN), '{"not cloudtrail' + CLEAR].join('\n') + '\n');
  casePath = path.join(tmp.dir, 'c.sscase');
  expect(cli(['new', casePath, '--name', `case${TITLE}`]).code).toBe(0);
  expect(cli(['import', casePath, dir, '--quiet']).code).toBe(3); // one record rejected
});

afterAll(() => tmp.cleanup());

describe('the sanitizer', () => {
  it('neutralizes C0 (but tab and line feed), DEL, C1 and bidi marks with visible stand-ins', () => {
    expect(neutralize(`a${TITLE}b\tc\nd\r\u007f\u009b\u202e\u2066`)).toBe(
      'a␛]0;owned␇b\tc\nd␍␡<U+009B><U+202E><U+2066>',
    );
  });
  it('keeps JSON exact: the same value after parsing, nothing a terminal acts on in the text', () => {
    const v = { arn: ARN, n: 1 };
    const text = inertJson(JSON.stringify(v));
    expect(text).not.toMatch(UNSAFE);
    expect(JSON.parse(text)).toEqual(v);
  });
});

describe('every command that prints evidence', () => {
  const commands: [string, string[]][] = [
    ['import', ['import', '__CASE__', '__DIR__']], // again: every file is a duplicate, named in the output
    ['info', ['info', '__CASE__']],
    ['identities', ['identities', '__CASE__']],
    ['coverage', ['coverage', '__CASE__']],
    ['deviations', ['deviations', '__CASE__']],
    ['events', ['events', '__CASE__']],
    ['rejects', ['rejects', '__CASE__']],
    ['verify', ['verify', '__CASE__']],
  ];
  const args = (a: string[]) => a.map((x) => (x === '__CASE__' ? casePath : x === '__DIR__' ? dir : x));

  it.each(commands)('%s: human output is neutralized', (_name, a) => {
    const r = cli(args(a));
    expect([0, 3]).toContain(r.code);
    expect(r.stdout + r.stderr).not.toMatch(UNSAFE);
  });

  it('identities and import --json give the exact strings back', () => {
    const ids = cli([...args(['identities', '__CASE__']), '--json']);
    expect(ids.stdout).not.toMatch(UNSAFE);
    expect(ids.stdout).toContain('\\u001b]0;owned\\u0007');
    expect(JSON.stringify(JSON.parse(ids.stdout))).toContain(JSON.stringify(ARN).slice(1, -1));
  });

  it('the names are still shown, so the analyst sees what was there', () => {
    const r = cli(args(['events', '__CASE__']));
    expect(r.stdout).toMatch(/<U\+202E>gol\.txt␍/);
    expect(cli(args(['rejects', '__CASE__'])).stdout).toContain('␛[2J');
  });
});
