/**
 * Reading better-sqlite3 rows without casts: a row is an unknown object, and each
 * column is checked for the type the schema promises. A mismatch is a bug or a
 * damaged database, and is reported as such rather than passed on.
 */
export type Row = Record<string, unknown>;

export function columns(row: unknown): Row {
  return typeof row === "object" && row !== null ? Object.fromEntries(Object.entries(row)) : {};
}

export function text(c: Row, key: string): string {
  const v = c[key];
  if (typeof v !== "string") throw new Error(`database column ${key} is not text`);
  return v;
}

export function nullableText(c: Row, key: string): string | null {
  const v = c[key];
  return v === null || v === undefined ? null : text(c, key);
}
