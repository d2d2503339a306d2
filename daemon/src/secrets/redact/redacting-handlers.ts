import { WardenError } from "../../../../protocol/src/errors";
import { MethodName, isMethodName, methodSchemas } from "../../../../protocol/src/methods";
import { Handler, Handlers } from "../../server/connection";
import { SecretRedactor } from "./redactor";

/**
 * Every answer the daemon gives a client (an agent, the CLI, the editor) scrubbed
 * of known secret values, errors included: approval contexts, audit pages written
 * before a value was stored, anything a handler returns. Answers with nothing to
 * scrub pass through untouched; scrubbed ones are validated again.
 */
export function redactingHandlers(handlers: Handlers, redactor: SecretRedactor): Handlers {
  const table: Handlers = { ...handlers };
  for (const method of Object.keys(handlers)) if (isMethodName(method)) wrap(table, method, redactor);
  return table;
}

function wrap<M extends MethodName>(table: Handlers, method: M, redactor: SecretRedactor): void {
  const inner: Handler<M> = table[method];
  const outer: Handler<M> = async (params, req) => {
    let result;
    try {
      result = await inner(params, req);
    } catch (err) {
      throw scrubbedError(err, redactor);
    }
    const scrubbed = redactor.scrubDeep(result);
    return scrubbed === result ? result : methodSchemas[method].result.parse(scrubbed);
  };
  // `outer` is a Handler<M> stored under M; TypeScript cannot write through a generic key of a mapped type.
  Reflect.set(table, method, outer);
}

function scrubbedError(err: unknown, redactor: SecretRedactor): unknown {
  if (redactor.empty) return err;
  if (err instanceof WardenError) return new WardenError(err.code, redactor.scrub(err.message), err.data);
  if (err instanceof Error) {
    const clean = new Error(redactor.scrub(err.message));
    clean.stack = redactor.scrub(err.stack ?? "");
    return clean;
  }
  return new Error(redactor.scrub(String(err)));
}
