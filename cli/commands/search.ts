// `search CASE QUERY [--group-by FIELD]`: the events a search matches, as `events --search` lists them, with the
// query as an argument (as typed in the grid's search box); --group-by counts them per value like the grid does.
import type { Command } from 'commander';
import { SEARCH_HELP } from '../search-help.js';
import { GROUP_BY_NOTES } from '../group-by.js';
import { eventListOptions, listEvents, type EventsOptions } from './events.js';

/** `search CASE QUERY`: `events CASE --search QUERY`, the query as an argument (as typed in the grid's box). */
export function registerSearch(program: Command): void {
  const cmd = program
    .command('search')
    .description('events a search matches, in time order; --group-by counts them per value of a field')
    .argument('<case>', 'case file')
    .argument('<query>', "the search, as typed in the grid's search box (quote it for the shell; grammar below)");
  eventListOptions(cmd)
    .addHelpText('after', SEARCH_HELP + GROUP_BY_NOTES)
    .action((casePath: string, query: string, o: EventsOptions) => listEvents(casePath, { ...o, search: query }));
}
