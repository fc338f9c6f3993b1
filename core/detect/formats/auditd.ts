// Linux audit: each record of an event (SYSCALL, EXECVE, PATH, CWD, PROCTITLE… or a user-space record) is
// evaluated on its own, as SIEMs index them and as SigmaHQ's linux/auditd rules expect (`type: EXECVE` with
// `a0: …` are fields of one record); an event matches when one of its records does. Field names are the
// record's (any name: the schema is open); hex-encoded values are decoded (EXECVE arguments written without
// quotes, PATH names, proctitle…); `SYSCALL` is the syscall's name (the ENRICHED translation, else the number
// translated for the record's arch). Keywords search the record line, its decoded values and, for EXECVE, the
// command line (the arguments joined by spaces).
import type { SigmaFormat } from './types.js';
import type { Value, View } from '../record.js';
import { decodeHex } from '../../../importers/auditd/record.js';
import { syscallName } from '../../../importers/auditd/syscalls.js';

const HEX = /^(?:[0-9A-Fa-f]{2})+$/;

// Syscalls SigmaHQ's auditd rules name, for the architectures whose numbers the importer's table leaves as
// syscall_<n> (Linux unistd tables: x86_64, aarch64 generic, i386).
const RULE_SYSCALLS: Record<string, Record<string, string>> = {
  c000003e: {
    '41': 'socket',
    '59': 'execve',
    '99': 'sysinfo',
    '103': 'syslog',
    '133': 'mknod',
    '135': 'personality',
    '319': 'memfd_create',
    '322': 'execveat',
  },
  c00000b7: {
    '198': 'socket',
    '221': 'execve',
    '179': 'sysinfo',
    '116': 'syslog',
    '92': 'personality',
    '279': 'memfd_create',
    '281': 'execveat',
  },
  '40000003': {
    '359': 'socket',
    '11': 'execve',
    '116': 'sysinfo',
    '103': 'syslog',
    '14': 'mknod',
    '136': 'personality',
    '356': 'memfd_create',
    '358': 'execveat',
  },
};

/** A field of the record: as written, decoded when auditd hex-encoded it, else its ENRICHED translation. */
export function auditField(v: View, name: string): Value[] | undefined {
  const r = v.audit;
  if (!r) return undefined;
  if (name === 'type') return [r.type];
  if (name === 'SYSCALL') {
    const e = r.enriched?.get('SYSCALL');
    if (e !== undefined) return [e];
    const arch = r.fields.get('arch');
    const nr = r.fields.get('syscall');
    let n = syscallName(arch, nr);
    if (n !== null && n.startsWith('syscall_') && nr !== undefined)
      n = RULE_SYSCALLS[(arch ?? 'c000003e').toLowerCase()]?.[nr] ?? n;
    return n === null ? undefined : [n];
  }
  let val = r.fields.get(name);
  if (val === undefined) {
    val = r.enriched?.get(name);
    if (val === undefined) {
      const lower = name.toLowerCase();
      for (const [k, x] of r.fields)
        if (k.toLowerCase() === lower) {
          val = x;
          break;
        }
    }
    if (val === undefined) return undefined;
  }
  if (r.type === 'EXECVE' && /^a\d+$/.test(name) && !r.quoted?.has(name) && val.length >= 2 && HEX.test(val))
    val = decodeHex(val);
  return [val];
}

function argv(v: View): string | null {
  const r = v.audit;
  if (!r || r.type !== 'EXECVE') return null;
  const args: string[] = [];
  for (let i = 0; ; i++) {
    const a = auditField(v, `a${i}`);
    if (!a) break;
    args.push(String(a[0]));
  }
  return args.join(' ');
}

export const auditd: SigmaFormat = {
  id: 'auditd',
  logsources: [{ product: 'linux', service: 'auditd' }],
  records: 'auditd',
  schema: ['*'],
  fields: {},
  keywords(v) {
    const out = [v.text];
    const r = v.audit;
    if (r) {
      for (const k of r.fields.keys()) {
        const x = auditField(v, k);
        if (x) out.push(String(x[0]));
      }
      const cmd = argv(v);
      if (cmd) out.push(cmd);
    }
    return out;
  },
};
