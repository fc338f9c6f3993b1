// URL policy: the app's own origin only, parsed, never prefix-matched.
import { describe, expect, it } from 'vitest';
import {
  appRelativePath,
  isAllowedRequestUrl,
  isAppOrigin,
  isAppUrl,
  isSafeExternalUrl,
  APP_ENTRY,
} from '../../electron/url-policy.js';

describe('isAppUrl', () => {
  it('accepts the app origin', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://workbench/')).toBe(true);
    expect(isAppUrl('app://workbench/assets/index-abc.js')).toBe(true);
  });

  it('rejects look-alikes and other schemes', () => {
    for (const u of [
      'https://evil.example/?next=app://workbench',
      'app://user@workbench/',
      'app://user:pw@workbench/',
      'app://workbench.evil/',
      'app://workbench:8080/',
      'app://evil/',
      'file:///etc/passwd',
      'http://workbench/',
      'javascript:alert(1)',
      'app:workbench',
      'data:text/html,<script>alert(1)</script>',
      '',
      'not a url',
      'app://evil/#app://workbench/',
      'app://WORKBENCH/ (exact host only)',
    ])
      expect(isAppUrl(u), u).toBe(false);
  });

  it('origin check is exact', () => {
    expect(isAppOrigin('app://workbench')).toBe(true);
    expect(isAppOrigin('app://workbench.evil')).toBe(false);
    expect(isAppOrigin('null')).toBe(false);
    expect(isAppOrigin(undefined)).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('allows plain http(s) links to real hosts', () => {
    expect(isSafeExternalUrl('https://docs.aws.amazon.com/IAM/latest/UserGuide/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/a')).toBe(true);
  });
  it('refuses file, app, javascript, credentials, localhost', () => {
    for (const u of [
      'file:///etc/passwd',
      'app://workbench/',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'http://localhost:8080/',
      'http://x.localhost/',
      'smb://host/share',
      'ms-msdt:/id',
      'vbscript:x',
    ]) {
      expect(isSafeExternalUrl(u), u).toBe(false);
    }
  });
  it('refuses loopback in every spelling, 0.0.0.0, link-local and metadata addresses (issue 15 §4)', () => {
    for (const u of [
      'http://127.1/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://017700000001/',
      'http://127.255.255.254/',
      'http://[::1]/',
      'http://[0:0:0:0:0:0:0:1]:8080/',
      'http://[::]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::127.0.0.1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://0.0.0.0/',
      'http://0/',
      'http://localhost./',
      'http://LOCALHOST../',
      'http://x.localhost./',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]/',
      'http://[febf::1]/',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal./computeMetadata/v1/',
      'http://100.100.100.200/',
      'http://instance-data/',
    ]) {
      expect(isSafeExternalUrl(u), u).toBe(false);
    }
    for (const u of ['https://127x.example/', 'https://[2001:db8::1]/', 'https://169.255.1.1/', 'https://10.1.2.3/'])
      expect(isSafeExternalUrl(u), u).toBe(true);
  });
});

describe('requests', () => {
  it('only app:, data:, blob: and devtools: load', () => {
    expect(isAllowedRequestUrl('app://workbench/assets/a.js')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('blob:app://workbench/1234')).toBe(true);
    expect(isAllowedRequestUrl('devtools://devtools/bundled/x')).toBe(true);
    for (const u of [
      'https://example.invalid/',
      'http://127.0.0.1:8080/',
      'file:///etc/hosts',
      'ws://127.0.0.1/',
      'app://evil/x',
    ])
      expect(isAllowedRequestUrl(u), u).toBe(false);
  });
});

describe('appRelativePath (protocol path handling)', () => {
  it('maps app URLs to files under the renderer', () => {
    expect(appRelativePath('app://workbench/')).toBe('index.html');
    expect(appRelativePath('app://workbench/index.html')).toBe('index.html');
    expect(appRelativePath('app://workbench/assets/index-1.js?x=1#y')).toBe('assets/index-1.js');
    expect(appRelativePath('app://workbench/assets/a%20b.css')).toBe('assets/a b.css');
  });
  it('dot segments are resolved by the URL parser inside the root, never above it', () => {
    for (const u of [
      'app://workbench/../etc/passwd',
      'app://workbench/%2e%2e/%2e%2e/etc/passwd',
      'app://workbench/a/../../b',
    ]) {
      const r = appRelativePath(u);
      expect(r === null || !r.split('/').includes('..'), u).toBe(true);
    }
    expect(appRelativePath('app://workbench/../etc/passwd')).toBe('etc/passwd');
  });
  it('refuses encoded separators, backslashes, NUL, hidden files, drive letters', () => {
    for (const u of [
      'app://workbench/assets/..%2f..%2fsecret',
      'app://workbench/a%5c..%5csecret',
      'app://workbench/%00',
      'app://workbench/.env',
      'app://workbench/assets/.git/config',
      'app://workbench/C:/Windows/win.ini',
      'app://workbench/%E0%A4%A',
      'app://evil/index.html',
    ])
      expect(appRelativePath(u), u).toBeNull();
  });
});
