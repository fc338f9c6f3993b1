// Which URLs the app may show, fetch or hand to the OS. Parsed with the URL parser, never prefix-matched:
// `app://workbench.evil`, `app://user@workbench`, `https://evil/?next=app://workbench` are all refused.
// Pure (no electron import) so it is unit-tested in Node.

export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

function parse(u: string): URL | null {
  if (typeof u !== 'string' || u.length > 8192) return null;
  try {
    return new URL(u);
  } catch {
    return null;
  }
}

/** A URL of the app's own protocol: app://workbench/…, no user info, no port. */
export function isAppUrl(u: string): boolean {
  const url = parse(u);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** Same as isAppUrl, for an origin string (`app://workbench`, what senderFrame.origin reports). */
export function isAppOrigin(origin: string | null | undefined): boolean {
  return typeof origin === 'string' && origin === APP_ORIGIN;
}

/** The four bytes of a dotted IPv4 address (the URL parser already made `127.1`, `2130706433`, `0x7f.1` into one). */
function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m ? m.slice(1).map(Number) : null;
}

/** The eight 16-bit groups of a bracketed IPv6 host as the URL parser writes it (compressed, hex, no dotted tail). */
function ipv6(host: string): number[] | null {
  if (!host.startsWith('[') || !host.endsWith(']')) return null;
  const body = host.slice(1, -1);
  const [head, tail] = body.includes('::') ? body.split('::') : [body, null];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const a = parse(head);
  if (tail === null) return a.length === 8 ? a : null;
  const b = parse(tail);
  return [...a, ...Array<number>(8 - a.length - b.length).fill(0), ...b];
}

/** This machine, the unspecified address, link-local, or a cloud metadata service (which answers on link-local). */
function isLocalV4([a, b, c, d]: number[]): boolean {
  return (
    a === 0 || // 0.0.0.0/8: "this host" — connects to the loopback on Linux and macOS
    a === 127 ||
    (a === 169 && b === 254) || // link-local, 169.254.169.254 is AWS/GCP/Azure/OCI metadata
    (a === 100 && b === 100 && c === 100 && d === 200) // Alibaba Cloud metadata
  );
}

function isLocalV6(g: number[]): boolean {
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4 = [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff];
  if (zeros(7) && g[7] <= 1) return true; // :: and ::1
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if (zeros(5) && g[5] === 0xffff) return isLocalV4(v4); // ::ffff:a.b.c.d (IPv4-mapped)
  if (zeros(6)) return isLocalV4(v4); // ::a.b.c.d (IPv4-compatible)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isLocalV4(v4); // NAT64
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return true; // AWS
  return false;
}

/** Names that mean this machine or a metadata service, whatever the resolver is told. */
const LOCAL_NAMES = new Set(['localhost', 'metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data']);

/**
 * True when a link's host is this machine or something only it can reach in every spelling the URL parser
 * accepts: loopback (`localhost.`, `127.1`, `2130706433`, `0x7f.1`, `[::1]`, `[::ffff:127.0.0.1]`), `0.0.0.0`,
 * link-local, cloud metadata. A link in a log that opened any of these would let log content talk to a local service.
 */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.+$/, '');
  if (h === '' || LOCAL_NAMES.has(h) || h.endsWith('.localhost') || h === 'instance-data.ec2.internal') return true;
  const v4 = ipv4(h);
  if (v4) return isLocalV4(v4);
  const v6 = ipv6(h);
  if (v6) return v6.length !== 8 || v6.some((x) => !Number.isInteger(x)) || isLocalV6(v6);
  return false;
}

/** Links the user may open in their browser: http(s) to a real host, no credentials. Never file:, app:, javascript:… */
export function isSafeExternalUrl(u: string): boolean {
  const url = parse(u);
  if (!url) return false;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  return !isLocalHost(url.hostname);
}

/** Schemes a request from the renderer may use (everything else is cancelled in onBeforeRequest). */
export function isAllowedRequestUrl(u: string): boolean {
  const url = parse(u);
  if (!url) return false;
  if (url.protocol === 'devtools:') return true;
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  return isAppUrl(u);
}

/**
 * The file an app:// URL names, relative to the renderer folder, or null. Decodes once, then refuses `..`,
 * `.` segments, hidden files, backslashes, NUL and absolute paths; `/` is index.html.
 */
export function appRelativePath(u: string): string | null {
  if (!isAppUrl(u)) return null;
  const url = parse(u)!;
  let p: string;
  try {
    p = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (p.includes('\u0000') || p.includes('\\')) return null;
  const segs = p.split('/').filter((s) => s !== '');
  if (segs.some((s) => s === '..' || s === '.' || s.startsWith('.') || /^[a-zA-Z]:$/.test(s))) return null;
  return segs.length === 0 ? 'index.html' : segs.join('/');
}
