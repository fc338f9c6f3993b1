// Numbers and long identifiers.
export const n = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : x.toLocaleString('en-US');

export function plural(count: number, one: string, many = one + 's'): string {
  return `${n(count)} ${count === 1 ? one : many}`;
}

/** Truncates in the middle: `arn:aws:iam::1111…/role/deployer`. */
export function middle(s: string, max = 48): string {
  if (s.length <= max) return s;
  const keep = max - 1;
  const head = Math.ceil(keep * 0.45);
  return `${s.slice(0, head)}…${s.slice(s.length - (keep - head))}`;
}

export function bytes(b: number): string {
  if (b < 1024) return `${b} B`;
  const u = ['KB', 'MB', 'GB', 'TB'];
  let v = b / 1024;
  let i = 0;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${u[i]}`;
}

export function recordRefText(ref: unknown): string {
  if (!ref || typeof ref !== 'object') return '—';
  const r = ref as { line?: number; index?: number; offset?: number };
  const parts: string[] = [];
  if (r.line !== undefined) parts.push(`line ${n(r.line)}`);
  if (r.index !== undefined) parts.push(`record #${n(r.index)}`);
  if (r.offset !== undefined) parts.push(`byte ${n(r.offset)}`);
  return parts.join(', ') || '—';
}

/** Pretty-prints a raw record for reading: JSON re-indented, anything else as it is. Always plain text. */
export function prettyRaw(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  const t = raw.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(t), null, 2);
    } catch {
      /* not JSON after all */
    }
  }
  return raw;
}

/**
 * The distinguishing part of a long identifier, for labels (the full value goes in the tooltip):
 * `arn:aws:iam::1111:role/ci` → `role/ci`, `arn:aws:s3:::bucket/key` → `bucket/key`,
 * `arn:aws:sts::1111:assumed-role/r/s` → `assumed-role/r/s`. Anything else is returned as it is.
 */
export function shortName(s: string): string {
  const arn = /^arn:[^:]*:([^:]*):([^:]*):([^:]*):(.+)$/.exec(s);
  if (arn) return arn[4];
  return s;
}

/** The account of an ARN, if any. */
export function arnAccount(s: string): string | null {
  const arn = /^arn:[^:]*:[^:]*:[^:]*:(\d{6,}):/.exec(s);
  return arn ? arn[1] : null;
}

/** What IP intelligence says about an event's source address, in a few words: `Tor exit`, `aws EC2 us-east-1`,
 * `AS14061 DigitalOcean, LLC · US`; empty when nothing is known. */
export function networkText(r: {
  src_tor: boolean;
  src_cloud: { provider: string; service: string | null; region: string | null } | null;
  src_asn: number | null;
  src_org: string | null;
  src_country: string | null;
}): string {
  const parts: string[] = [];
  if (r.src_tor) parts.push('Tor exit');
  if (r.src_cloud)
    parts.push([r.src_cloud.provider, r.src_cloud.service, r.src_cloud.region].filter(Boolean).join(' '));
  if (r.src_asn !== null) parts.push(`AS${r.src_asn}${r.src_org ? ` ${r.src_org}` : ''}`);
  if (r.src_country) parts.push(r.src_country);
  return parts.join(' · ');
}
