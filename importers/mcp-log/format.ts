// The `mcp-log` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'mcp-log',
  title: 'MCP host log (Claude Desktop mcp.log / mcp-server-*.log)',
  reads: 'MCP host logs (Claude Desktop `mcp.log`, `mcp-server-*.log`)',
  system: 'mcp',
  statedAliasMethod: 'mcp-client-info',
  states: { auth: false, actions: true },
  sessionKey: { fields: ['the connection: server and `Initializing server…` time'], lifetime: 'session' },
  cannotRepresent: [
    'Two servers started back to back cannot be told apart per process: the lines that follow belong to the newer one.',
    'A truncated JSON-RPC payload is rejected; its request then cannot pair with a response.',
  ],
  exportHow: ['`~/Library/Logs/Claude/` (macOS)', '`%APPDATA%\\Claude\\logs` (Windows)'],
  corpus: {
    files: [
      'other/claude-desktop-mcp.log',
      'other/claude-desktop-mcp-server-filesystem.log',
      'other/claude-desktop-mcp-server-server.log',
    ],
  },
  load: async () => (await import('./importer.js')).importer,
});
