// The IPC channel: sender check, message limits, routing to shell or core.
import { describe, expect, it, vi } from 'vitest';
import { isTrustedSender, makeRpcHandler, parseMessage, type SenderLike } from '../../electron/ipc.js';

const good = (over: Partial<NonNullable<SenderLike['senderFrame']>> = {}, id = 7): SenderLike => ({
  sender: { id },
  senderFrame: {
    url: 'app://workbench/index.html#/case',
    origin: 'app://workbench',
    parent: null,
    isDestroyed: () => false,
    ...over,
  },
});

describe('isTrustedSender', () => {
  it('accepts the main frame of our window on app://workbench', () => {
    expect(isTrustedSender(good(), 7)).toBe(true);
  });
  it('rejects a missing frame, subframes, other windows, other origins, destroyed frames', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, 7)).toBe(false);
    expect(isTrustedSender(good({ parent: {} }), 7)).toBe(false);
    expect(isTrustedSender(good({}, 8), 7)).toBe(false);
    expect(isTrustedSender(good({ url: 'https://evil.example/', origin: 'https://evil.example' }), 7)).toBe(false);
    expect(isTrustedSender(good({ url: 'file:///tmp/x.html', origin: 'file://' }), 7)).toBe(false);
    expect(isTrustedSender(good({ url: 'app://workbench.evil/', origin: 'app://workbench.evil' }), 7)).toBe(false);
    expect(isTrustedSender(good({ origin: 'null' }), 7)).toBe(false);
    expect(isTrustedSender(good({ isDestroyed: () => true }), 7)).toBe(false);
  });
  it('never skips a part of the check when a value is missing (issue 15 §4)', () => {
    // No window to compare with: nobody is trusted (it used to skip the window check).
    expect(isTrustedSender(good(), null)).toBe(false);
    // A frame that does not say its origin (it used to skip the origin check), its parent or whether it is gone.
    expect(isTrustedSender(good({ origin: undefined }), 7)).toBe(false);
    expect(isTrustedSender(good({ parent: undefined }), 7)).toBe(false);
    expect(isTrustedSender(good({ isDestroyed: undefined }), 7)).toBe(false);
  });
});

describe('parseMessage', () => {
  it('wants {method, params} of plain data within limits', () => {
    expect(parseMessage({ method: 'case.info', params: {} })).toEqual({ method: 'case.info', params: {} });
    expect(parseMessage({ method: 'case.info' })).toEqual({ method: 'case.info', params: {} });
    expect(parseMessage(null)).toHaveProperty('error');
    expect(parseMessage(['case.info'])).toHaveProperty('error');
    expect(parseMessage({ method: 42 })).toHaveProperty('error');
    expect(parseMessage({ method: 'x'.repeat(101) })).toHaveProperty('error');
    expect(
      (
        parseMessage({ method: 'events.list', params: { s: 'x'.repeat(2 * 1024 * 1024) } }) as {
          error: { code: string };
        }
      ).error.code,
    ).toBe('TOO_LARGE');
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect((parseMessage({ method: 'events.list', params: deep }) as { error: { code: string } }).error.code).toBe(
      'TOO_DEEP',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(parseMessage({ method: 'events.list', params: cyclic })).toHaveProperty('error');
  });
});

describe('makeRpcHandler', () => {
  const core = vi.fn(async (method: string) => ({ result: `core:${method}` }));
  const shell = {
    'app.recent': vi.fn(async () => ['/c/a.sscase']),
    'app.fail': vi.fn(async () => {
      throw Object.assign(new Error('nope\nstack'), { code: 'INVALID_PARAMS' });
    }),
  };
  const handler = makeRpcHandler(
    { shell, core, coreMethods: async () => new Set(['case.info', 'events.list']) },
    () => 7,
  );

  it('routes shell methods to the main process and registry methods to the core', async () => {
    expect(await handler(good(), { method: 'app.recent', params: {} })).toEqual({ result: ['/c/a.sscase'] });
    expect(await handler(good(), { method: 'case.info', params: {} })).toEqual({ result: 'core:case.info' });
  });
  it('refuses unknown methods without reaching the core, and untrusted senders entirely', async () => {
    core.mockClear();
    expect(await handler(good(), { method: 'fs.readFile', params: {} })).toEqual({
      error: { code: 'METHOD_NOT_FOUND', message: expect.any(String) },
    });
    expect(await handler(good(), { method: 'constructor', params: {} })).toMatchObject({
      error: { code: 'METHOD_NOT_FOUND' },
    });
    expect(await handler(good({ parent: {} }), { method: 'case.info', params: {} })).toEqual({
      error: { code: 'FORBIDDEN', message: 'untrusted sender' },
    });
    expect(core).not.toHaveBeenCalled();
  });
  it('checks the analyst a window names and passes it to the core and the shell with the call', async () => {
    core.mockClear();
    expect(await handler(good(), { method: 'case.info', params: {}, analyst: ' Zoë ' })).toEqual({
      result: 'core:case.info',
    });
    expect(core).toHaveBeenLastCalledWith('case.info', {}, 'Zoë');
    await handler(good(), { method: 'case.info', params: {} });
    expect(core).toHaveBeenLastCalledWith('case.info', {}, undefined);
    await handler(good(), { method: 'app.recent', params: {}, analyst: 'Ana' });
    expect(shell['app.recent']).toHaveBeenLastCalledWith({}, 'Ana');
    core.mockClear();
    for (const bad of ['', '  ', 'a\u0000b', 'x'.repeat(81), 42, { name: 'x' }])
      expect(
        await handler(good(), { method: 'case.info', params: {}, analyst: bad }),
        JSON.stringify(bad),
      ).toMatchObject({ error: { code: 'BAD_ANALYST' } });
    expect(core).not.toHaveBeenCalled();
  });
  it('turns shell errors into one-line {error}', async () => {
    expect(await handler(good(), { method: 'app.fail', params: {} })).toEqual({
      error: { code: 'INVALID_PARAMS', message: 'nope' },
    });
  });
});
