// Electron main process: thin. Windows, the app:// protocol, security hooks, native dialogs, menu, recent
// cases and file associations live here; every API call is relayed over one IPC channel to the core, which
// runs in a utilityProcess (electron/core-host.ts) so the UI thread never waits on SQLite.
import {
  app,
  BrowserWindow,
  Menu,
  dialog,
  ipcMain,
  nativeTheme,
  protocol,
  session,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ENTRY, APP_SCHEME, APP_HOST } from './url-policy.js';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './protocol.js';
import { hardenSession, hardenWebContents } from './security.js';
import { mainWindowOptions } from './window-options.js';
import { DROP_CHANNEL, EVENT_CHANNEL, RPC_CHANNEL, isTrustedSender, makeRpcHandler, type SenderLike } from './ipc.js';
import { addRecent, caseFromArgv, loadRecent as loadRecentFile, saveRecent as saveRecentFile } from './recent.js';
import { menuTemplate } from './menu.js';
import type { HostIn, HostOut } from './core-host.js';
import type { CaseRef, MethodName, Params, Result, ShellEvents, ShellMethods } from '../core/api/contract.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const distRoot = path.resolve(here, '..');
const rendererDir = path.join(distRoot, 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const hostPath = path.join(here, 'core-host.js');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;
let host: UtilityProcess | null = null;
let nextId = 1;
const pending = new Map<number, (r: { result: unknown } | { error: { code: string; message: string } }) => void>();
let coreNames: Promise<Set<string>> | null = null;
/**
 * Who the window named (its AnalystDialog, once per window session; every call carries it). Remembered so what
 * the shell starts on its own — a case opened from the menu — acts as the same analyst; reset with the window.
 */
let windowAnalyst: string | undefined;
let pendingCase: string | null = caseFromArgv(process.argv);

const recentFile = () => path.join(app.getPath('userData'), 'recent-cases.json');
let recent: string[] = [];
function loadRecent(): void {
  recent = loadRecentFile(recentFile());
}
function saveRecent(): void {
  saveRecentFile(recentFile(), recent);
  buildMenu();
}

function startHost(): void {
  host = utilityProcess.fork(hostPath, [], { serviceName: 'SessionScope core', stdio: 'inherit' });
  host.on('message', (m: HostOut) => {
    if (m.kind === 'reply') {
      pending.get(m.id)?.(m.response);
      pending.delete(m.id);
    } else if (m.kind === 'event') win?.webContents.send(EVENT_CHANNEL, { event: m.event, data: m.data });
  });
  host.on('exit', (code) => {
    for (const [, resolve] of pending)
      resolve({ error: { code: 'INTERNAL', message: `the core process stopped (exit ${code})` } });
    pending.clear();
    host = null;
    coreNames = null;
  });
}

function toHost(m: HostIn): void {
  if (!host) startHost();
  host!.postMessage(m);
}

function coreCall(
  method: string,
  params: unknown,
  analyst?: string,
): Promise<{ result: unknown } | { error: { code: string; message: string } }> {
  if (analyst !== undefined) windowAnalyst = analyst;
  const who = analyst ?? windowAnalyst;
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    toHost({ kind: 'call', id, method, params, ...(who !== undefined ? { analyst: who } : {}) });
  });
}

/** Who acts before the window names anyone: SESSIONSCOPE_ANALYST, else the OS user (core/casefile/analyst.ts). */
function osAnalyst(): string {
  if (process.env.SESSIONSCOPE_ANALYST) return process.env.SESSIONSCOPE_ANALYST;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

function coreMethods(): Promise<Set<string>> {
  if (!coreNames) {
    coreNames = new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (r) => resolve(new Set('result' in r ? (r.result as string[]) : [])));
      toHost({ kind: 'methods', id });
    });
  }
  return coreNames;
}

function grant(paths: string[]): void {
  if (paths.length > 0) toHost({ kind: 'grant', paths });
}

/** A call the shell itself makes to the core, typed by the contract; errors become exceptions with their code. */
async function coreRequest<K extends MethodName>(
  method: K,
  params: Params<K>,
  analyst: string | undefined,
): Promise<Result<K>> {
  const r = await coreCall(method, params, analyst);
  if ('error' in r) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.result as Result<K>;
}

/** Pushes one of the shell's own events to the page. */
function sendEvent<E extends keyof ShellEvents>(event: E, data: ShellEvents[E]): void {
  win?.webContents.send(EVENT_CHANNEL, { event, data });
}

async function openCasePath(file: string, analyst?: string): Promise<CaseRef> {
  grant([file, path.dirname(file)]);
  const r = await coreRequest('case.open', { path: file }, analyst);
  recent = addRecent(recent, r.case);
  saveRecent();
  sendEvent('app.caseChanged', r);
  return r;
}

/**
 * The shell's own methods (core/api/contract.ts ShellMethods). Their params arrive from the page, so each
 * handler checks them itself; the result types are the contract's.
 */
const shellMethods: {
  [K in keyof ShellMethods]: (params: unknown, analyst?: string) => Promise<ShellMethods[K]['result']>;
} = {
  async 'app.session'() {
    return {
      mode: 'electron',
      version: app.getVersion(),
      allowed_roots: null,
      uploads: false,
      methods: [...(await coreMethods()), ...Object.keys(shellMethods)],
      // The page asks the analyst's name once per window session, as browser mode does; this is who acts until then.
      analyst: osAnalyst(),
      ask_analyst: true,
    };
  },
  async 'app.recent'() {
    return recent;
  },
  async 'app.openCaseDialog'(_params, analyst) {
    const r = await dialog.showOpenDialog(win!, {
      title: 'Open case',
      properties: ['openFile'],
      filters: [{ name: 'SessionScope case', extensions: ['sscase'] }],
    });
    if (r.canceled || r.filePaths.length === 0) return null;
    return openCasePath(r.filePaths[0], analyst);
  },
  async 'app.createCaseDialog'(params, analyst) {
    const name =
      typeof (params as { name?: unknown })?.name === 'string' ? (params as { name: string }).name : undefined;
    const r = await dialog.showSaveDialog(win!, {
      title: 'Create case',
      defaultPath: `${(name ?? 'case').replace(/[^\p{L}\p{N}._ -]+/gu, '-')}.sscase`,
      filters: [{ name: 'SessionScope case', extensions: ['sscase'] }],
    });
    if (r.canceled || !r.filePath) return null;
    const file = r.filePath.endsWith('.sscase') ? r.filePath : `${r.filePath}.sscase`;
    grant([file, path.dirname(file)]);
    // The analyst the window named is the case's analyst (the report's cover), as `new --analyst` makes it.
    const c = await coreRequest(
      'case.create',
      { path: file, ...(name ? { name } : {}), ...(analyst ? { analyst } : {}) },
      analyst,
    );
    recent = addRecent(recent, c.case);
    saveRecent();
    return c;
  },
  async 'app.openRecent'(params, analyst) {
    const p = (params as { path?: unknown })?.path;
    if (typeof p !== 'string' || !recent.includes(p))
      throw Object.assign(new Error('not a recent case'), { code: 'INVALID_PARAMS' });
    return openCasePath(p, analyst);
  },
  async 'app.chooseEvidence'(params) {
    const folder = (params as { kind?: unknown })?.kind === 'folder';
    const r = await dialog.showOpenDialog(win!, {
      title: folder ? 'Add a folder of evidence' : 'Add evidence files',
      properties: folder ? ['openDirectory'] : ['openFile', 'multiSelections'],
    });
    if (r.canceled) return null;
    grant(r.filePaths);
    return { paths: r.filePaths };
  },
  async 'app.chooseExport'(params) {
    const name =
      typeof (params as { name?: unknown })?.name === 'string' ? (params as { name: string }).name : 'export';
    const r = await dialog.showSaveDialog(win!, { title: 'Export', defaultPath: name });
    if (r.canceled || !r.filePath) return null;
    grant([r.filePath]);
    return { path: r.filePath };
  },
};

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        recent,
        {
          newCase: () => sendEvent('app.menu', { action: 'new-case' }),
          openCase: () => {
            void shellMethods['app.openCaseDialog']({}).catch((e) =>
              dialog.showErrorBox('Open case', String(e.message ?? e)),
            );
          },
          openRecent: (p) => {
            void openCasePath(p).catch((e) => dialog.showErrorBox('Open case', String(e.message ?? e)));
          },
          clearRecent: () => {
            recent = [];
            saveRecent();
          },
          addEvidence: () => sendEvent('app.menu', { action: 'add-evidence' }),
          showView: (view) => sendEvent('app.menu', { action: 'view', view }),
          about: () => {
            void dialog.showMessageBox(win!, {
              title: 'SessionScope',
              message: `SessionScope ${app.getVersion()}`,
              detail: 'Offline investigation workbench for non-human identities.',
            });
          },
        },
        process.platform,
        app.isPackaged,
      ),
    ),
  );
}

/**
 * Opens a link in the system browser. hardenWebContents calls it only with a URL that passed isSafeExternalUrl
 * (url-policy.ts), after the user clicked a link; Electronegativity cannot follow that, hence its comment.
 */
function openExternalLink(url: string): void {
  void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- only URLs that passed isSafeExternalUrl
}

function createWindow(): void {
  // Electronegativity reads the BrowserWindow's options only when they are written inline; they come from
  // mainWindowOptions (window-options.ts, snapshot-tested): contextIsolation and sandbox on, Node off, and a
  // middle click cannot open a window because hardenWebContents denies every new window.
  const options = mainWindowOptions(preloadPath, { packaged: app.isPackaged, dark: nativeTheme.shouldUseDarkColors });
  win = new BrowserWindow(options); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK -- see above
  hardenWebContents(win.webContents, { openExternal: openExternalLink });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
    windowAnalyst = undefined; // a new window asks again
  });
  void win.loadURL(APP_ENTRY);
  win.webContents.once('did-finish-load', () => {
    if (pendingCase) {
      const c = pendingCase;
      pendingCase = null;
      void openCasePath(path.resolve(c)).catch((e) => dialog.showErrorBox('Open case', String(e.message ?? e)));
    }
  });
}

// macOS file association: the OS hands us a .sscase.
app.on('open-file', (e, file) => {
  e.preventDefault();
  if (win) void openCasePath(file).catch(() => {});
  else pendingCase = file;
});
// Windows/Linux: a second launch with a .sscase argument.
app.on('second-instance', (_e, argv) => {
  const c = caseFromArgv(argv);
  if (c) void openCasePath(path.resolve(c)).catch(() => {});
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

// Every web contents created anywhere gets the same hardening.
app.on('web-contents-created', (_e, wc) => hardenWebContents(wc, { openExternal: openExternalLink }));

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  session.defaultSession.protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
  loadRecent();
  buildMenu();
  startHost();
  const handler = makeRpcHandler(
    { shell: shellMethods, core: coreCall, coreMethods },
    () => win?.webContents.id ?? null,
  );
  ipcMain.handle(RPC_CHANNEL, (e, msg) => handler(e as unknown as SenderLike, msg));
  ipcMain.on(DROP_CHANNEL, (e, paths: unknown) => {
    if (!isTrustedSender(e as unknown as SenderLike, win?.webContents.id ?? null)) return;
    const list = Array.isArray(paths)
      ? paths.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p)).slice(0, 1000)
      : [];
    if (list.length === 0) return;
    grant(list);
    sendEvent('app.dropped', { paths: list });
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  toHost({ kind: 'shutdown' });
  if (process.platform !== 'darwin') app.quit();
});

export { APP_HOST };
