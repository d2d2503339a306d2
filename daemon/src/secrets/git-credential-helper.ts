#!/usr/bin/env node
/**
 * Warden's git credential helper, run by git (never by an agent) during a push
 * the daemon executes. git gives it the request on stdin (protocol, host, path);
 * it asks the daemon over the one-shot socket named in its environment, with the
 * per-push token beside it, and prints what the daemon answers. The value passes
 * through this process's memory and git's only: not argv, not a file.
 * Only node: built-ins, so it starts fast and loads nothing of the daemon.
 */
import net from "node:net";

const TIMEOUT_MS = 15_000;

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (d: string) => (text += d));
    process.stdin.on("end", () => resolve(text));
  });
}

function ask(socket: string, request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let reply = "";
    conn.setTimeout(TIMEOUT_MS, () => conn.destroy(new Error("Warden did not answer in time")));
    conn.on("connect", () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on("data", (d: Buffer) => (reply += d.toString("utf8")));
    conn.on("error", reject);
    conn.on("close", () => {
      try {
        const parsed: unknown = JSON.parse(reply);
        resolve(typeof parsed === "object" && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {});
      } catch {
        reject(new Error("Warden's answer was not understood"));
      }
    });
  });
}

async function main(): Promise<void> {
  // git calls helpers with get, store or erase; Warden keeps nothing, so only get answers.
  if (process.argv[2] !== "get") return;
  const socket = process.env["WARDEN_CREDENTIAL_SOCKET"];
  const token = process.env["WARDEN_CREDENTIAL_TOKEN"];
  const input = await readStdin();
  if (socket === undefined || token === undefined) {
    process.stderr.write("warden credential helper: not started by Warden; nothing to answer\n");
    return;
  }
  const fields: Record<string, string> = {};
  for (const line of input.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const answer = await ask(socket, { token, protocol: fields["protocol"] ?? "", host: fields["host"] ?? "", path: fields["path"] ?? "" });
  const username = answer["username"];
  const password = answer["password"];
  if (typeof username === "string" && typeof password === "string") {
    process.stdout.write(`username=${username}\npassword=${password}\n`);
  } else {
    process.stderr.write(`warden credential helper: ${typeof answer["error"] === "string" ? answer["error"] : "refused"}\n`);
  }
}

main().catch((err: unknown) => {
  // No answer means git fails the push for want of credentials: fail closed.
  process.stderr.write(`warden credential helper: ${err instanceof Error ? err.message : String(err)}\n`);
});
