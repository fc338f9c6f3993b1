// webPreferences: isolation, sandbox, no Node, no webviews, no insecure content.
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from '../../electron/window-options.js';

describe('window options', () => {
  it('locks the renderer down', () => {
    const w = secureWebPreferences('/app/preload.cjs');
    expect(w).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(w.enableBlinkFeatures).toBe('');
    expect(Object.keys(w)).not.toContain('additionalArguments');
  });

  it('packaged builds have no DevTools; the window waits for ready-to-show', () => {
    const packaged = mainWindowOptions('/p.cjs', { packaged: true, dark: false });
    expect(packaged.webPreferences?.devTools).toBe(false);
    expect(packaged.show).toBe(false);
    expect(mainWindowOptions('/p.cjs', { packaged: false, dark: true }).webPreferences?.devTools).toBe(true);
    expect(mainWindowOptions('/p.cjs', { packaged: false, dark: true }).webPreferences?.sandbox).toBe(true);
  });
});
