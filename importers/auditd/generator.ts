// Realistic /var/log/audit/audit.log records (with node= prefix): execve events as SYSCALL + EXECVE + CWD + PATH +
// PROCTITLE + EOE, interleaved between two processes, sshd / cron PAM records, and audit rule changes. `n` records.

import { prng } from '../../bench/lib/random.js';

const CMDS: string[][] = [
  ['ls', '-la', '/etc'],
  ['curl', '-s', 'http://169.254.169.254/latest/meta-data/'],
  ['cat', '/etc/shadow'],
  ['python3', '-c', 'import os; print(os.getuid())'],
  ['systemctl', 'restart', 'nginx'],
  ['auditctl', '-D'],
];

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex').toUpperCase();

export function generate(n: number, seed: number): string[] {
  const r = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  let sec = 1_773_100_000,
    serial = 100_000;
  const node = 'node=web-1.prod';
  while (out.length < n) {
    sec += Math.floor(r() * 3);
    const ms = String(Math.floor(r() * 1000)).padStart(3, '0');
    const k = r();
    if (k < 0.7) {
      // Two execve events whose records interleave, as the kernel and auditd can write them.
      const evs = [0, 1].map(() => {
        const s = ++serial,
          cmd = pick(CMDS),
          auid = r() < 0.7 ? 1000 + Math.floor(r() * 3) : 4294967295;
        const ses = auid === 4294967295 ? 4294967295 : 100 + Math.floor(r() * 5);
        const stampS = `msg=audit(${sec}.${ms}:${s}):`;
        const args = cmd.map((a, i) => (a.includes(' ') ? `a${i}=${hex(a)}` : `a${i}="${a}"`)).join(' ');
        return [
          `${node} type=SYSCALL ${stampS} arch=c000003e syscall=59 success=yes exit=0 a0=55d85d6719d0 a1=55d85d69c970 a2=55d85d720450 a3=8 items=2 ppid=${2000 + (s % 97)} pid=${3000 + (s % 991)} auid=${auid} uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=${ses} comm="${cmd[0]}" exe="/usr/bin/${cmd[0]}" subj=unconfined key="exec"`,
          `${node} type=EXECVE ${stampS} argc=${cmd.length} ${args}`,
          `${node} type=CWD ${stampS} cwd="/home/ops"`,
          `${node} type=PATH ${stampS} item=0 name="/usr/bin/${cmd[0]}" inode=1593 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0`,
          `${node} type=PROCTITLE ${stampS} proctitle=${hex(cmd.join('\0'))}`,
          `${node} type=EOE ${stampS}`,
        ];
      });
      for (let i = 0; i < 6; i++) {
        out.push(evs[0][i]);
        out.push(evs[1][i]);
      }
    } else if (k < 0.95) {
      const s = ++serial;
      const type = pick(['USER_AUTH', 'USER_ACCT', 'CRED_ACQ', 'USER_START', 'USER_END', 'CRED_DISP', 'USER_LOGIN']);
      const ok = r() > 0.1;
      out.push(
        `${node} type=${type} msg=audit(${sec}.${ms}:${s}): pid=${4000 + (s % 500)} uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=PAM:authentication grantors=pam_unix acct="${pick(['deploy', 'root', 'ops'])}" exe="/usr/sbin/sshd" hostname=? addr=198.51.100.${s % 250} terminal=ssh res=${ok ? 'success' : 'failed'}'`,
      );
    } else {
      const s = ++serial;
      out.push(
        `${node} type=CONFIG_CHANGE msg=audit(${sec}.${ms}:${s}): auid=1000 ses=101 subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 op=remove_rule key="exec" list=4 res=1`,
      );
    }
  }
  return out.slice(0, n);
}
