import { Logger } from "../../log";
import { SecretRedactor } from "./redactor";

/** The daemon's log, scrubbed: an error message or a field that holds a secret value logs its reference. */
export function redactingLogger(log: Logger, redactor: SecretRedactor): Logger {
  const fields = (f: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    if (f === undefined || redactor.empty) return f;
    const out = redactor.scrubDeep(f);
    return typeof out === "object" && out !== null ? Object.fromEntries(Object.entries(out)) : f;
  };
  return {
    info: (msg, f) => log.info(redactor.scrub(msg), fields(f)),
    warn: (msg, f) => log.warn(redactor.scrub(msg), fields(f)),
    error: (msg, f) => log.error(redactor.scrub(msg), fields(f)),
  };
}
