// The renderer's one door into core: the API contract's types (core/api/contract.ts), imported as types only.
// Nothing from core reaches the bundle (vite.config.ts fails the build if anything does); views import the
// method, result and vocabulary types from here.
export type * from '../../../core/api/contract';

import type { Methods, ShellMethods, ApiEvents, ShellEvents } from '../../../core/api/contract';

/** Every method a page can call: the engine's and, in Electron, the shell's own (app.*). */
export type AllMethods = Methods & ShellMethods;
export type AnyMethod = keyof AllMethods;
/** Every event a page can subscribe to. */
export type AllEvents = ApiEvents & ShellEvents;
