// The log formats this build reads, as their descriptors declare them (importers/<id>/format.ts): the CLI's
// `formats` command and the workbench's format filter list them from here, never from a list of their own.
import { z } from 'zod';
import { FORMATS, docsPage, type FormatId } from '../../../importers/formats.js';
import type { InputShape } from '../../../importers/types.js';
import { defineMethod } from '../registry.js';

export interface FormatInfo {
  id: FormatId;
  title: string;
  reads: string;
  /** The naming system of its principals (aliases are `system|value`). */
  system: string;
  stated_alias_method: string;
  states: { auth: boolean; actions: boolean };
  session_key: { fields: string[]; lifetime: 'session' | 'credential' } | null;
  cannot_represent: string[];
  export_how: string[];
  /** The format's page, relative to the repository. */
  docs: string;
  /** The importer's version (recorded with every evidence file it read) and how it splits a file into records. */
  version: string;
  input: InputShape;
}

export const formatMethods = [
  defineMethod({
    name: 'formats.list',
    summary: 'The log formats this build imports, in detection order, with what each states and how to export it',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: false,
    async handler(): Promise<FormatInfo[]> {
      // The importers load for their version and record shape; the rest is the descriptors'.
      const importers = await Promise.all(FORMATS.map((f) => f.load()));
      return FORMATS.map((f, i) => ({
        id: f.id,
        title: f.title,
        reads: f.reads,
        system: f.system,
        stated_alias_method: f.statedAliasMethod,
        states: { ...f.states },
        session_key: f.sessionKey && { fields: [...f.sessionKey.fields], lifetime: f.sessionKey.lifetime },
        cannot_represent: [...f.cannotRepresent],
        export_how: [...f.exportHow],
        docs: docsPage(f.id),
        version: importers[i].version,
        input: importers[i].input,
      }));
    },
  }),
];
