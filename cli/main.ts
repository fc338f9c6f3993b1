// The `sessionscope` command: thin over core/api. Errors leave as one line on stderr with the exit codes of
// DESIGN §7; stack traces only with SESSIONSCOPE_DEBUG=1.
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../core/version.js';
import { UserError } from '../core/errors.js';
import { EXIT } from './exit.js';
import { SearchError } from '../core/model/search/errors.js';
import { caret } from './search-help.js';
import { guardStream } from './terminal.js';

// Evidence never drives the terminal: every string written passes one sanitizer (cli/terminal.ts).
guardStream(process.stdout);
guardStream(process.stderr);

// `sessionscope events … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('sessionscope')
    .description(
      'Reconstruct what non-human identities did across cloud, identity, Kubernetes, Vault, CI, database, host and agent logs — offline.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return EXIT.ok;
      return EXIT.usage;
    }
    if (process.env.SESSIONSCOPE_DEBUG === '1') console.error(e);
    let msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    // Another process holds the case's write lock past the busy timeout: say who and what to do, not SQLite's words.
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY') || /database is locked/.test(msg))
      msg =
        'the case is busy: another process is writing to it (an import?). Reads (info, events, sessions, …) answer meanwhile; run this again when it has finished';
    process.stderr.write(`sessionscope: ${msg}\n`);
    if (e instanceof SearchError) process.stderr.write(caret(e.info));
    if (e instanceof UserError && (e.code === 'INVALID_PARAMS' || e.code === 'INVALID_QUERY')) return EXIT.usage;
    return EXIT.error;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
