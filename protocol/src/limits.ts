/**
 * Size limits shared by every side of the protocol. A peer that exceeds them is
 * refused before its message is parsed, so a hostile or broken client cannot make
 * the daemon allocate without bound.
 */

/** Largest WebSocket frame (and so largest message) the daemon accepts. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Largest frame the daemon sends (and clients accept). Answers can be larger than
 * requests: a page of audit records.
 */
export const MAX_SERVER_FRAME_BYTES = 16 * 1024 * 1024;

/** Serialized size one page of records (`audit/query`) stays under; the rest comes with the next page. */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;

/** Longest single string field in any message (kinds, ids, paths). */
export const MAX_SHORT_STRING = 4096;

/** Deepest nesting accepted inside free-form JSON payloads. */
export const MAX_JSON_DEPTH = 32;

/** Most events one `audit/append` request may carry. */
export const MAX_APPEND_BATCH = 1000;

/** Most records one `audit/query` or subscription backlog returns. */
export const MAX_QUERY_LIMIT = 10_000;

/** Bytes a client may leave unread before the daemon drops it (slow-consumer guard). */
export const MAX_UNREAD_BYTES = 8 * 1024 * 1024;
