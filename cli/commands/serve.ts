// `sessionscope serve [CASE]`: browser mode. Starts the localhost bridge (bridge/server.ts) and prints the URL
// with its one-time token; runs until interrupted.
import type { Command } from 'commander';
import { inertJson } from '../terminal.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../core/errors.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('browser mode: serve the workbench on 127.0.0.1 with a one-time token; prints the URL to open')
    .argument('[case]', 'case file to open (optional: create or open one in the page)')
    .option('--port <port>', 'port to listen on (default: a random free port)')
    .option(
      '--allow <dir>',
      "a folder whose files the page may name (cases, evidence, exports); repeatable. Default: the case's folder, else the working directory",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--analyst <analyst>', 'who works the case')
    .option('--json', 'print {url, port, token, allowed_roots} as one JSON line')
    .action(
      async (casePath: string | undefined, o: { port?: string; allow: string[]; analyst?: string; json?: boolean }) => {
        const port = o.port === undefined ? undefined : Number(o.port);
        if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
          throw new UserError('INVALID_PARAMS', `--port: not a port number: ${o.port}`);
        for (const d of o.allow) if (!existsSync(d)) throw new UserError('NOT_FOUND', `--allow: no such folder: ${d}`);
        const { startBridge } = await import('../../bridge/server.js');
        const roots = o.allow.map((d) => path.resolve(d));
        if (casePath && roots.length > 0) roots.push(path.dirname(path.resolve(casePath)));
        const bridge = await startBridge({ casePath, port, allowedRoots: roots, analyst: o.analyst });
        if (o.json) {
          process.stdout.write(
            inertJson(
              JSON.stringify({
                url: bridge.url,
                port: bridge.port,
                token: bridge.token,
                allowed_roots: bridge.allowedRoots,
              }),
            ) + '\n',
          );
        } else {
          process.stdout.write(
            `SessionScope is serving ${casePath ? `"${path.basename(casePath)}" ` : ''}on ${bridge.origin}\n`,
          );
          process.stdout.write(
            `Open this URL in a browser on this machine (it carries this session's token; do not share it):\n\n  ${bridge.url}\n\n`,
          );
          process.stdout.write(`Files may be named from: ${bridge.allowedRoots.join(', ')}\nPress Ctrl+C to stop.\n`);
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            void bridge.close().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      },
    );
}
