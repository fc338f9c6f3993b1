// The BrowserWindow options: the one place webPreferences are decided. Pure, snapshot-tested.
import type { BrowserWindowConstructorOptions } from 'electron';

export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: true,
    disableDialogs: false,
    autoplayPolicy: 'user-gesture-required',
  };
}

export function mainWindowOptions(
  preload: string,
  opts: { packaged: boolean; dark: boolean },
): BrowserWindowConstructorOptions {
  const webPreferences = secureWebPreferences(preload);
  // DevTools only in development builds.
  webPreferences.devTools = !opts.packaged;
  return {
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'SessionScope',
    backgroundColor: opts.dark ? '#14171c' : '#ffffff',
    autoHideMenuBar: false,
    webPreferences,
  };
}
