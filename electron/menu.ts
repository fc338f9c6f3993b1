// The application menu: File (new, open, recent cases, add evidence), View, Help. Built as a template from
// plain callbacks so it is unit-tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { WorkbenchView } from '../core/api/contract.js';

export interface MenuActions {
  newCase(): void;
  openCase(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  addEvidence(): void;
  showView(view: WorkbenchView): void;
  about(): void;
}

export function menuTemplate(
  recent: string[],
  a: MenuActions,
  platform: string = process.platform,
  packaged = true,
): MenuItemConstructorOptions[] {
  const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => a.newCase() },
      { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: () => a.openCase() },
      {
        label: 'Open Recent',
        submenu:
          recent.length === 0
            ? [{ label: 'No recent cases', enabled: false }]
            : [
                ...recent.map((p) => ({ label: base(p), sublabel: p, click: () => a.openRecent(p) })),
                { type: 'separator' as const },
                { label: 'Clear Recent', click: () => a.clearRecent() },
              ],
      },
      { type: 'separator' },
      { label: 'Add Evidence…', accelerator: 'CmdOrCtrl+I', click: () => a.addEvidence() },
      { type: 'separator' },
      platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Case', accelerator: 'CmdOrCtrl+1', click: () => a.showView('case') },
      { label: 'Identities', accelerator: 'CmdOrCtrl+2', click: () => a.showView('identities') },
      { label: 'Timeline', accelerator: 'CmdOrCtrl+3', click: () => a.showView('timeline') },
      { label: 'Events', accelerator: 'CmdOrCtrl+4', click: () => a.showView('events') },
      { label: 'Graph', accelerator: 'CmdOrCtrl+5', click: () => a.showView('graph') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(packaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    submenu: [{ label: 'About SessionScope', click: () => a.about() }],
  };
  const menus = [file, edit, view, help];
  if (platform === 'darwin') menus.unshift({ role: 'appMenu' });
  return menus;
}
