// Syscall numbers → names for the architectures audit logs come from (SYSCALL `arch=`), limited to the calls that
// audit rules watch in practice; others print as `syscall_<n>`. Source: the kernels' unistd tables.
const X86_64: Record<number, string> = {
  0: 'read', 1: 'write', 2: 'open', 3: 'close', 4: 'stat', 5: 'fstat', 6: 'lstat', 9: 'mmap', 10: 'mprotect', 13: 'rt_sigaction',
  14: 'rt_sigprocmask', 16: 'ioctl', 21: 'access', 22: 'pipe', 23: 'select', 32: 'dup', 33: 'dup2', 39: 'getpid', 41: 'socket',
  42: 'connect', 43: 'accept', 44: 'sendto', 45: 'recvfrom', 46: 'sendmsg', 47: 'recvmsg', 49: 'bind', 50: 'listen', 51: 'getsockname',
  52: 'getpeername', 54: 'setsockopt', 56: 'clone', 57: 'fork', 58: 'vfork', 59: 'execve', 60: 'exit', 61: 'wait4', 62: 'kill',
  72: 'fcntl', 76: 'truncate', 77: 'ftruncate', 80: 'chdir', 82: 'rename', 83: 'mkdir', 84: 'rmdir', 85: 'creat', 86: 'link',
  87: 'unlink', 88: 'symlink', 89: 'readlink', 90: 'chmod', 91: 'fchmod', 92: 'chown', 93: 'fchown', 94: 'lchown', 101: 'ptrace',
  105: 'setuid', 106: 'setgid', 112: 'setsid', 113: 'setreuid', 114: 'setregid', 117: 'setresuid', 119: 'setresgid', 122: 'setfsuid',
  123: 'setfsgid', 126: 'capset', 133: 'mknod', 155: 'pivot_root', 157: 'prctl', 159: 'adjtimex', 161: 'chroot', 164: 'settimeofday',
  165: 'mount', 166: 'umount2', 167: 'swapon', 169: 'reboot', 170: 'sethostname', 175: 'init_module', 176: 'delete_module',
  188: 'setxattr', 189: 'lsetxattr', 190: 'fsetxattr', 197: 'removexattr', 198: 'lremovexattr', 199: 'fremovexattr', 200: 'tkill',
  227: 'clock_settime', 228: 'clock_gettime', 234: 'tgkill', 257: 'openat', 258: 'mkdirat', 259: 'mknodat', 260: 'fchownat',
  263: 'unlinkat', 264: 'renameat', 265: 'linkat', 266: 'symlinkat', 268: 'fchmodat', 269: 'faccessat', 272: 'unshare', 288: 'accept4',
  304: 'open_by_handle_at', 308: 'setns', 310: 'process_vm_readv', 311: 'process_vm_writev', 313: 'finit_module', 316: 'renameat2',
  319: 'memfd_create', 321: 'bpf', 322: 'execveat', 425: 'io_uring_setup', 434: 'pidfd_open', 435: 'clone3', 437: 'openat2',
};
const AARCH64: Record<number, string> = {
  5: 'setxattr', 33: 'mknodat', 34: 'mkdirat', 35: 'unlinkat', 36: 'symlinkat', 37: 'linkat', 38: 'renameat', 40: 'mount', 39: 'umount2',
  41: 'pivot_root', 46: 'ftruncate', 48: 'faccessat', 51: 'chroot', 52: 'fchmod', 53: 'fchmodat', 54: 'fchownat', 55: 'fchown',
  56: 'openat', 57: 'close', 63: 'read', 64: 'write', 105: 'init_module', 106: 'delete_module', 117: 'ptrace', 129: 'kill',
  144: 'setgid', 146: 'setuid', 147: 'setresuid', 149: 'setresgid', 170: 'settimeofday', 198: 'socket', 200: 'bind', 203: 'connect',
  220: 'clone', 221: 'execve', 273: 'finit_module', 276: 'renameat2', 280: 'bpf', 281: 'execveat', 437: 'openat2',
};
const I386: Record<number, string> = {
  1: 'exit', 2: 'fork', 3: 'read', 4: 'write', 5: 'open', 6: 'close', 8: 'creat', 9: 'link', 10: 'unlink', 11: 'execve', 15: 'chmod',
  21: 'mount', 23: 'setuid', 26: 'ptrace', 37: 'kill', 38: 'rename', 39: 'mkdir', 40: 'rmdir', 102: 'socketcall', 120: 'clone',
  128: 'init_module', 129: 'delete_module', 295: 'openat', 301: 'unlinkat', 302: 'renameat', 358: 'execveat',
};

const ARCHES: Record<string, Record<number, string>> = {
  c000003e: X86_64, c00000b7: AARCH64, '40000003': I386,
};

export function syscallName(arch: string | undefined, nr: string | undefined): string | null {
  if (nr === undefined) return null;
  if (!/^\d+$/.test(nr)) return nr; // ENRICHED logs and `ausearch -i` output already name it
  const table = arch ? ARCHES[arch.toLowerCase()] : X86_64;
  return table?.[Number(nr)] ?? `syscall_${nr}`;
}

const ERRNO: Record<string, string> = {
  '-1': 'EPERM', '-2': 'ENOENT', '-3': 'ESRCH', '-4': 'EINTR', '-5': 'EIO', '-9': 'EBADF', '-11': 'EAGAIN', '-12': 'ENOMEM',
  '-13': 'EACCES', '-14': 'EFAULT', '-16': 'EBUSY', '-17': 'EEXIST', '-20': 'ENOTDIR', '-21': 'EISDIR', '-22': 'EINVAL',
  '-28': 'ENOSPC', '-30': 'EROFS', '-38': 'ENOSYS', '-95': 'EOPNOTSUPP', '-98': 'EADDRINUSE', '-104': 'ECONNRESET',
  '-110': 'ETIMEDOUT', '-111': 'ECONNREFUSED', '-113': 'EHOSTUNREACH', '-115': 'EINPROGRESS',
};

export function errnoName(exit: string | undefined): string | null {
  if (!exit) return null;
  return ERRNO[exit] ?? exit;
}
