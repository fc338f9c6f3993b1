// Import progress on stderr: a live bar on a terminal, a line every few seconds otherwise.
import path from 'node:path';
import type { ImportProgress } from '../core/api/contract.js';
import { bytes, n } from './output.js';
import { writeControl } from './terminal.js';

export function progressReporter(quiet: boolean): { update(p: ImportProgress): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  let drawn = false;
  return {
    update(p) {
      if (quiet) return;
      const name = path.basename(p.file);
      let text: string;
      if (p.phase === 'hashing') text = `[${p.file_index + 1}/${p.files}] ${name}: hashing`;
      else if (p.phase === 'deriving') text = 'deriving sessions and identities';
      else {
        const frac = p.bytes_total > 0 ? Math.min(1, p.bytes_read / p.bytes_total) : 0;
        const barW = 24;
        const fill = Math.round(frac * barW);
        text =
          `[${p.file_index + 1}/${p.files}] ${name} [${'█'.repeat(fill)}${'░'.repeat(barW - fill)}] ${(frac * 100).toFixed(0)}% ` +
          `${bytes(p.bytes_read)}/${bytes(p.bytes_total)} · ${n(p.events)} events · ${n(p.rejected)} rejected`;
      }
      if (tty) {
        const cols = process.stderr.columns ?? 120;
        writeControl(process.stderr, '\r', text.slice(0, cols - 1).padEnd(cols - 1));
        drawn = true;
      } else {
        const now = Date.now();
        if (p.phase !== 'importing' || now - lastLine > 3000) {
          process.stderr.write(text + '\n');
          lastLine = now;
        }
      }
    },
    done() {
      if (drawn) writeControl(process.stderr, '\r' + ' '.repeat((process.stderr.columns ?? 120) - 1) + '\r');
    },
  };
}
