// Event ids are time-keyed: floor(ts_ms) * 1024 + n (core/evidence/event-ids.ts), so an id tells its millisecond.
export const eventMs = (id: number): number => Math.floor(id / 1024);
