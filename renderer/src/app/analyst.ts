// Who acts in this browser or window session. Asked once per session — kept in sessionStorage, so a new tab, a
// restarted browser or a new Electron window asks again — and sent with every call (browser mode: the
// X-SessionScope-Analyst header, transport/bridge.ts; Electron: a field of the IPC call, transport/electron.ts →
// electron/ipc.ts → electron/core-host.ts), so every audit, custody and seal row made from this page carries it.
const KEY = 'sessionscope.analyst';
export const MAX_ANALYST_CHARS = 80;

export function storedAnalyst(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeAnalyst(name: string): void {
  try {
    sessionStorage.setItem(KEY, name);
  } catch {
    /* storage unavailable: asked again on reload */
  }
}

/** Why a typed name cannot be used, or null (the bridge checks the same: bridge/analyst.ts). */
export function analystProblem(name: string): string | null {
  const n = name.normalize('NFC').trim();
  if (n === '') return 'Type your name: it is written into every audit and custody row you make.';
  if ([...n].length > MAX_ANALYST_CHARS) return `At most ${MAX_ANALYST_CHARS} characters.`;
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(n)) return 'No control characters.';
  return null;
}

/**
 * A launch URL may name the analyst (`#token=…&analyst=NAME`, for scripted runs): taken into this session like
 * a typed name, then removed from the address bar. Returns the name when the URL held a usable one.
 */
export function takeAnalystFromUrl(loc: Location = window.location): string | null {
  const m = /[#&]analyst=([^&]*)/.exec(loc.hash);
  if (!m) return null;
  const rest = loc.hash.replace(/[#&]analyst=[^&]*/, '').replace(/^#?&?/, '');
  history.replaceState(history.state, '', `${loc.pathname}${loc.search}${rest ? '#' + rest : ''}`);
  let name: string;
  try {
    name = decodeURIComponent(m[1].replace(/\+/g, ' ')).normalize('NFC').trim();
  } catch {
    return null;
  }
  if (analystProblem(name) !== null) return null;
  storeAnalyst(name);
  return name;
}
