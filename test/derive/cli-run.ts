// Runs CLI commands in-process, as cli/main.ts does, with stdout and stderr captured (no build needed).
import { Command, CommanderError } from 'commander';
import { COMMANDS } from '../../cli/commands/index.js';
import { EXIT } from '../../cli/exit.js';
import { UserError } from '../../core/errors.js';

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** What cli/main.ts does, with stdout and stderr captured. */
export async function cli(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const w = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => {
    out.push(String(s));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => {
    err.push(String(s));
    return true;
  }) as typeof process.stderr.write;
  let code: number = EXIT.ok;
  try {
    const program = new Command().name('sessionscope').exitOverride();
    program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
    for (const register of COMMANDS) register(program);
    for (const cmd of program.commands) cmd.exitOverride();
    await program.parseAsync(args, { from: 'user' });
  } catch (x) {
    if (x instanceof CommanderError) code = EXIT.usage;
    else {
      err.push(`sessionscope: ${(x as Error).message}\n`);
      code = x instanceof UserError && x.code === 'INVALID_PARAMS' ? EXIT.usage : EXIT.error;
    }
  } finally {
    process.stdout.write = w;
    process.stderr.write = e;
  }
  return { code, out: out.join(''), err: err.join('') };
}
