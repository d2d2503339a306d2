import fs from "node:fs";
import { once } from "node:events";
import { Command } from "commander";
import { AuditFilter, AuditRecord } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { MAX_QUERY_LIMIT } from "../../../protocol/src/limits";
import { AuditStore } from "../audit/store";
import { WardenPaths } from "../config";
import { EXIT } from "./exit-codes";
import { formatRecord } from "./format";
import { Output } from "./output";
import { CommandRunner } from "./runner";
import { connectToDaemon, withDaemon } from "./session";
import { parseSince, parseWorkspace } from "./option-values";

export function registerAuditCommands(program: Command, run: CommandRunner): void {
  const audit = program.command("audit").description("read, export and verify the tamper-evident audit log");

  run.define(
    audit
      .command("tail")
      .description("print the newest audit records; -f keeps following new ones")
      .option("-n, --lines <count>", "how many records to print first", "20")
      .option("-f, --follow", "keep printing new records as the daemon writes them (needs the daemon)"),
    async ({ paths, out, opts }) => {
      const count = parseCount(String(opts["lines"]));
      if (opts["follow"] === true) return follow(paths, out, count);
      const store = AuditStore.openForReading(paths.db);
      try {
        for (const r of store.query({}, count, "desc").reverse()) printRecord(out, r);
      } finally {
        store.close();
      }
      return EXIT.ok;
    },
  );

  run.define(
    audit
      .command("export")
      .description("write audit records as JSON lines (to stdout, or --output FILE)")
      .option("--format <format>", "output format (jsonl)", "jsonl")
      .option("--since <when>", "only records since a duration ago (15m, 2h, 7d) or a date")
      .option("--agent <name>", "only records of this agent")
      .option("--workspace <dir>", "only records of this workspace")
      .option("-o, --output <file>", "write to FILE (created with mode 0600) instead of stdout"),
    async ({ paths, out, opts }) => {
      if (opts["format"] !== "jsonl") {
        throw new WardenError("bad_config", `--format '${String(opts["format"])}' is not supported; use --format jsonl`, { flag: "--format" });
      }
      const filter: AuditFilter = {
        ...(typeof opts["since"] === "string" ? { since: parseSince(opts["since"]) } : {}),
        ...(typeof opts["agent"] === "string" ? { actorType: "agent" as const, actorId: opts["agent"] } : {}),
        ...(typeof opts["workspace"] === "string" ? { workspace: parseWorkspace(opts["workspace"]) } : {}),
      };
      const file = typeof opts["output"] === "string" ? opts["output"] : undefined;
      const exported = await exportRecords(paths, filter, file, out);
      if (file !== undefined) out.result(`Exported ${exported} records to ${file}.`, { exported, file });
      return EXIT.ok;
    },
  );

  run.define(
    audit
      .command("note")
      .description("add a note by you (the human) to the audit log, e.g. when starting an investigation")
      .argument("<text>", "the note")
      .option("--workspace <dir>", "the workspace the note is about"),
    async ({ paths, out, opts, args }) => {
      const text = typeof args[0] === "string" ? args[0] : "";
      if (text.trim() === "") throw new WardenError("bad_config", "the note text is empty");
      const workspace = typeof opts["workspace"] === "string" ? parseWorkspace(opts["workspace"]) : null;
      const { lastSeq, lastHash } = await withDaemon(paths, (client) =>
        client.request("audit/append", { events: [{ kind: "human.note", workspace, payload: { text } }] }),
      );
      out.result(`Recorded note #${lastSeq}.`, { seq: lastSeq, hash: lastHash });
      return EXIT.ok;
    },
  );

  run.define(
    audit.command("verify").description("check the whole hash chain; names the first bad record if it is broken"),
    ({ paths, out }) => {
      const store = AuditStore.openForReading(paths.db);
      let report;
      try {
        report = store.verify(paths.headFile);
      } finally {
        store.close();
      }
      const rate = report.checked >= 10_000 ? `, ${Math.round(report.checked / (report.durationMs / 1000))} records/s` : "";
      if (report.ok) {
        out.result(
          `Audit log verified: ${report.checked} records, head #${report.headSeq} ${report.headHash.slice(0, 16)}… (${Math.round(report.durationMs)} ms${rate}).`,
          report,
        );
        return EXIT.ok;
      }
      out.result(`Audit log is BROKEN at record ${report.firstBadSeq ?? "?"}: ${report.problem ?? "unknown problem"}.`, report);
      return EXIT.chainBroken;
    },
  );
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_QUERY_LIMIT) {
    throw new WardenError("bad_config", `--lines '${value}' must be a whole number from 0 to ${MAX_QUERY_LIMIT}`, { flag: "--lines" });
  }
  return n;
}

function printRecord(out: Output, r: AuditRecord): void {
  out.write(out.json ? `${JSON.stringify(r)}\n` : `${formatRecord(r)}\n`);
}

/** Prints the last `count` records, then streams new ones until Ctrl-C or the daemon stops. */
async function follow(paths: WardenPaths, out: Output, count: number): Promise<number> {
  const client = await connectToDaemon(paths);
  const { records } = await client.request("audit/query", { limit: Math.max(count, 1), order: "desc" });
  const shown = records.slice(0, count).reverse();
  for (const r of shown) printRecord(out, r);
  const fromSeq = (records[0]?.seq ?? 0) + 1;
  const { subscription } = await client.request("events/subscribe", { filter: { fromSeq } });
  client.onEvent(subscription, (r) => printRecord(out, r));
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      client.close();
      resolve(EXIT.ok);
    };
    process.once("SIGINT", stop);
    client.onNotice((notice, reason) => out.info(`warden: daemon ${notice}: ${reason}`));
    client.onClose((reason) => {
      process.off("SIGINT", stop);
      out.info(`warden: connection to the daemon closed (${reason})`);
      resolve(EXIT.failure);
    });
  });
}

/** Streams matching records as JSON lines, honouring backpressure; shows progress on a terminal. */
async function exportRecords(paths: WardenPaths, filter: AuditFilter, file: string | undefined, out: Output): Promise<number> {
  if (file !== undefined && fs.existsSync(file)) {
    throw new WardenError("bad_config", `--output '${file}' already exists; choose a new file (exports never overwrite)`, { flag: "--output" });
  }
  const store = AuditStore.openForReading(paths.db);
  const sink: NodeJS.WritableStream = file !== undefined ? fs.createWriteStream(file, { mode: 0o600, flags: "wx" }) : process.stdout;
  const showProgress = file !== undefined && process.stderr.isTTY === true && !out.json;
  let n = 0;
  try {
    for (const r of store.iterate(filter)) {
      if (!sink.write(`${JSON.stringify(r)}\n`)) await once(sink, "drain");
      n++;
      if (showProgress && n % 10_000 === 0) process.stderr.write(`\rexported ${n} records…`);
    }
  } finally {
    store.close();
  }
  if (showProgress) process.stderr.write("\r");
  if (file !== undefined) {
    sink.end();
    await once(sink, "finish");
  }
  return n;
}
