// Exit codes (DESIGN §7): 0 ok, 1 error, 2 usage, 3 import finished but some records were rejected.
export const EXIT = { ok: 0, error: 1, usage: 2, rejected: 3 } as const;
