// The bridge's pure checks.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  checkBearer,
  checkHost,
  checkOrigin,
  isJsonContentType,
  jsonDepth,
  newToken,
  safeRelativeName,
  textDepthExceeds,
} from '../../bridge/security.js';

describe('tokens', () => {
  it('are 32 random bytes, compared in constant time, only as a Bearer header', () => {
    const t = newToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(t);
    expect(checkBearer(`Bearer ${t}`, t)).toBe(true);
    expect(checkBearer(`bearer ${t}`, t)).toBe(false);
    expect(checkBearer(`Bearer ${t}x`, t)).toBe(false);
    expect(checkBearer(`Bearer ${t.slice(0, -1)}`, t)).toBe(false);
    expect(checkBearer(undefined, t)).toBe(false);
    expect(checkBearer(`Bearer ${t}, Bearer ${t}`, t)).toBe(false);
  });
});

describe('Host and Origin', () => {
  it('name exactly this bridge', () => {
    expect(checkHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(checkHost('LOCALHOST:4000', 4000)).toBe(true);
    for (const h of [
      '127.0.0.1',
      '127.0.0.1:4001',
      'evil.com:4000',
      '[::1]:4000',
      '127.0.0.1:4000.evil.com',
      '',
      undefined,
    ])
      expect(checkHost(h as string, 4000), String(h)).toBe(false);
    expect(checkOrigin(undefined, 4000)).toBe(true);
    expect(checkOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
    for (const o of [
      'null',
      'http://127.0.0.1:4001',
      'https://127.0.0.1:4000',
      'http://evil.com',
      'http://127.0.0.1:4000.evil.com',
    ])
      expect(checkOrigin(o, 4000), o).toBe(false);
  });
});

describe('bodies', () => {
  it('must be JSON, not too deep', () => {
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
    expect(textDepthExceeds('['.repeat(40) + ']'.repeat(40), 32)).toBe(true);
    expect(textDepthExceeds('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 32)).toBe(false);
    expect(jsonDepth({ a: [{ b: [] }] })).toBe(4);
  });
});

describe('upload names', () => {
  it('upload names become harmless relative paths', () => {
    expect(safeRelativeName('../../etc/passwd')).toBe(path.join('etc', 'passwd'));
    expect(safeRelativeName('logs/2026/trail.json')).toBe(path.join('logs', '2026', 'trail.json'));
    expect(safeRelativeName('..')).toBe('upload');
    expect(safeRelativeName('.bashrc')).toBe('_bashrc');
    expect(safeRelativeName('a\\..\\..\\b')).toBe(path.join('a', 'b'));
    expect(safeRelativeName('C:\\Windows\\x')).toBe(path.join('C_', 'Windows', 'x'));
    expect(safeRelativeName('x\u0000y<z>.json')).toBe('x_y_z_.json');
  });
});
