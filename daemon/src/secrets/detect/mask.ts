// Previews go to logs, audit records and UIs, so they must never carry the value:
// at most 4 leading characters, fewer for short values so a short password is not
// mostly revealed.

const MAX_SHOWN = 4;

export function maskValue(value: string): string {
  const shown = Math.min(MAX_SHOWN, Math.floor(value.length / 4));
  const rest = value.length - shown;
  return `${value.slice(0, shown)}…(${rest} more)`;
}
