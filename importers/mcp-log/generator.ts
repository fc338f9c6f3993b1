// Realistic Claude Desktop `mcp.log` lines: server connections, initialize handshakes, tools/list and tools/call
// requests with their responses (some failing), notifications, and server stderr noise. `n` lines.

import { prng } from '../../bench/lib/random.js';

const SERVERS = ['filesystem', 'postgres', 'github'];
const CALLS: Record<string, [string, Record<string, unknown>][]> = {
  filesystem: [
    ['read_file', { path: '/Users/jane/projects/app/.env' }],
    ['list_directory', { path: '/Users/jane/projects' }],
    ['write_file', { path: '/tmp/out.txt', content: 'x' }],
  ],
  postgres: [
    ['query', { sql: 'SELECT * FROM customers LIMIT 10' }],
    ['list_tables', {}],
  ],
  github: [
    ['create_issue', { repo: 'acme/web', title: 'bug' }],
    ['get_file_contents', { owner: 'acme', repo: 'web', path: 'README.md' }],
  ],
};

export function generate(n: number, seed: number): string[] {
  const r = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  let t = Date.UTC(2026, 2, 10, 8, 0, 0);
  const ids: Record<string, number> = {};
  const line = (server: string, level: string, text: string) => {
    t += Math.floor(r() * 400);
    out.push(`${new Date(t).toISOString()} [${level}] [${server}] ${text}`);
  };
  while (out.length < n) {
    const server = pick(SERVERS);
    if (ids[server] === undefined || r() < 0.01) {
      ids[server] = 0;
      line(server, 'info', 'Initializing server...');
      line(server, 'info', 'Server started and connected successfully');
      line(
        server,
        'info',
        `Message from client: {"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"claude-ai","version":"0.1.0"}},"jsonrpc":"2.0","id":${ids[server]}}`,
      );
      line(
        server,
        'info',
        `Message from server: {"jsonrpc":"2.0","id":${ids[server]++},"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"${server}","version":"1.0.0"}}}`,
      );
      continue;
    }
    const [tool, args] = pick(CALLS[server]);
    const id = ids[server]++;
    line(
      server,
      'info',
      `Message from client: {"method":"tools/call","params":{"name":"${tool}","arguments":${JSON.stringify(args)}},"jsonrpc":"2.0","id":${id}} { metadata: undefined }`,
    );
    if (r() < 0.05) out.push('npm warn deprecated inflight@1.0.6: This module is not supported');
    const failed = r() < 0.08;
    line(
      server,
      'info',
      failed
        ? `Message from server: {"jsonrpc":"2.0","id":${id},"result":{"content":[{"type":"text","text":"Error: access denied"}],"isError":true}} { metadata: undefined }`
        : `Message from server: {"jsonrpc":"2.0","id":${id},"result":{"content":[{"type":"text","text":"ok: 12 rows"}]}} { metadata: undefined }`,
    );
  }
  return out.slice(0, n);
}
