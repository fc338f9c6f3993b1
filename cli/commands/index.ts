// Every CLI command. Each lives in its own file; add yours here.
import type { Command } from 'commander';
import { registerNew } from './new.js';
import { registerImport } from './import.js';
import { registerInfo } from './info.js';
import { registerEvents } from './events.js';
import { registerSearch } from './search.js';
import { registerVerify } from './verify.js';
import { registerSeal } from './seal.js';
import { registerRepair } from './repair.js';
import { registerExport } from './export.js';
import { registerParse } from './parse.js';
import { registerFormats } from './formats.js';
import { registerRejects } from './rejects.js';
import { registerServe } from './serve.js';
import { registerAnnotate } from './annotate.js';
import { registerReport } from './report.js';
import { registerIdentities } from './identities.js';
import { registerIdentity } from './identity.js';
import { registerSessions } from './sessions.js';
import { registerScope } from './scope.js';
import { registerPath } from './path.js';
import { registerDeviations } from './deviations.js';
import { registerCoverage } from './coverage.js';
import { registerProfile } from './profile.js';
import { registerDerive } from './derive.js';
import { registerDetections } from './detections.js';
import { registerCredentials } from './credentials.js';
import { registerEnrich } from './enrich.js';

export const COMMANDS: ((program: Command) => void)[] = [
  registerNew,
  registerImport,
  registerInfo,
  registerEvents,
  registerSearch,
  registerVerify,
  registerSeal,
  registerRepair,
  registerExport,
  registerParse,
  registerFormats,
  registerRejects,
  registerServe,
  registerAnnotate,
  registerReport,
  registerIdentities,
  registerIdentity,
  registerSessions,
  registerScope,
  registerPath,
  registerDeviations,
  registerCoverage,
  registerProfile,
  registerDerive,
  registerDetections,
  registerCredentials,
  registerEnrich,
];
