// Constants that identify a SessionScope case file.

/** PRAGMA application_id: "SScs" (0x53536373). */
export const APPLICATION_ID = 0x53536373;
export const CASE_EXTENSION = '.sscase';
