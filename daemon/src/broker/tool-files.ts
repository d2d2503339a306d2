import { z } from "zod";
import { currentText, describeDelete, describeWrite } from "../approvals/describe";
import { defineTool } from "./define-tool";
import { locate, relocate } from "./exec-path";
import { applyEdit } from "./file-edit";
import { DEFAULT_LINE_LIMIT, listDirectory, looksBinary, readRegularFile, sliceLines } from "./file-read";
import { atomicWrite } from "./file-write";
import { BrokerServices, brokerAction, clip, scopeOf } from "./services";
import { BrokerTool } from "./types";

const pathArg = z.string().min(1).max(4096).describe("file path, relative to the workspace root (or absolute, inside the workspace)");

const writeRollback = (existed: boolean): string =>
  existed ? "the previous content is in the diff; if the file is committed, 'git checkout -- <path>' restores it" : "delete the new file";

/** The file tools: read, list, write, edit and (restorable) delete, inside the workspace only. */
export function fileTools(services: BrokerServices): BrokerTool[] {
  return [
    defineTool({
      name: "read_file",
      description: "Read a text file in the workspace. Long files come in slices: offset is the first line (1-based), limit the number of lines.",
      args: z.strictObject({
        path: pathArg,
        offset: z.int().min(1).optional().describe("first line to return, 1-based (default 1)"),
        limit: z.int().min(1).max(100_000).optional().describe(`lines to return (default ${DEFAULT_LINE_LIMIT})`),
      }),
      plan: (a, ctx) => {
        const planned = locate(a.path, scopeOf(ctx), "read");
        return {
          actions: [brokerAction("file.read", a.path, "read_file")],
          audit: { path: clip(a.path) },
          execute: () => {
            const now = relocate(planned, scopeOf(ctx), "read");
            const buf = readRegularFile(now.real);
            const text = looksBinary(buf) ? `(${now.relative} is a binary file of ${buf.length} bytes; not shown)` : sliceLines(buf.toString("utf8"), a.offset, a.limit);
            return Promise.resolve({ text, ok: true, summary: `read ${now.relative} (${buf.length} bytes)` });
          },
        };
      },
    }),
    defineTool({
      name: "list_directory",
      description: "List a directory in the workspace (default: the workspace root). Directories end in '/', symlinks show their target.",
      args: z.strictObject({ path: pathArg.optional() }),
      plan: (a, ctx) => {
        const target = a.path ?? ".";
        const planned = locate(target, scopeOf(ctx), "read");
        return {
          actions: [brokerAction("file.read", target, "list_directory")],
          audit: { path: clip(target) },
          execute: () => {
            const now = relocate(planned, scopeOf(ctx), "read");
            return Promise.resolve({ text: listDirectory(now.real), ok: true, summary: `listed ${now.relative}` });
          },
        };
      },
    }),
    defineTool({
      name: "write_file",
      description: "Create or replace a file in the workspace with the given text (atomically: readers never see half a file).",
      args: z.strictObject({ path: pathArg, content: z.string().describe("the file's complete new text") }),
      plan: (a, ctx) => {
        const planned = locate(a.path, scopeOf(ctx), "write");
        const bytes = Buffer.byteLength(a.content);
        return {
          actions: [brokerAction("file.write", a.path, "write_file", { bytes })],
          audit: { path: clip(a.path), bytes },
          describe: () => {
            const before = currentText(planned.real);
            return { data: describeWrite(planned.relative, before, a.content), rollback: writeRollback(before !== null) };
          },
          execute: () => {
            const now = relocate(planned, scopeOf(ctx), "write");
            const out = atomicWrite(now.real, a.content);
            const verb = out.created ? "created" : "replaced";
            return Promise.resolve({ text: `${verb} ${now.relative} (${out.bytes} bytes)`, ok: true, summary: `${verb} ${now.relative} (${out.bytes} bytes)` });
          },
        };
      },
    }),
    defineTool({
      name: "edit_file",
      description: "Replace exact text in a file in the workspace. old_string must occur exactly once unless replace_all is true.",
      args: z.strictObject({
        path: pathArg,
        old_string: z.string().min(1).describe("the exact text to replace, whitespace included"),
        new_string: z.string().describe("the text to put in its place"),
        replace_all: z.boolean().optional().describe("replace every occurrence (default false)"),
      }),
      plan: (a, ctx) => {
        const planned = locate(a.path, scopeOf(ctx), "write");
        return {
          // Attack: edit as an oracle ("is this string in .env?") for a file the agent may not read.
          actions: [brokerAction("file.read", a.path, "edit_file"), brokerAction("file.write", a.path, "edit_file", { edit: true })],
          audit: { path: clip(a.path), replaceAll: a.replace_all === true },
          describe: () => {
            const before = currentText(planned.real);
            let after: string | null = before;
            try {
              if (before !== null) after = applyEdit(before, a.old_string, a.new_string, a.replace_all === true).text;
            } catch {
              // The edit will fail when run; the panel shows the file unchanged.
            }
            return { data: describeWrite(planned.relative, before, after), rollback: writeRollback(true) };
          },
          execute: () => {
            const now = relocate(planned, scopeOf(ctx), "write");
            const edited = applyEdit(readRegularFile(now.real).toString("utf8"), a.old_string, a.new_string, a.replace_all === true);
            const out = atomicWrite(now.real, edited.text);
            const what = `edited ${now.relative} (${edited.replacements} replacement${edited.replacements === 1 ? "" : "s"}, ${out.bytes} bytes)`;
            return Promise.resolve({ text: what, ok: true, summary: what, fields: { replacements: edited.replacements } });
          },
        };
      },
    }),
    defineTool({
      name: "delete_path",
      description: "Delete a file, symlink or (with recursive) a directory in the workspace. It is moved to Warden's trash, from which a human can restore it.",
      args: z.strictObject({ path: pathArg, recursive: z.boolean().optional().describe("required to delete a directory with its contents") }),
      plan: (a, ctx) => {
        const planned = locate(a.path, scopeOf(ctx), "delete");
        return {
          actions: [brokerAction("file.delete", a.path, "delete_path", { recursive: a.recursive === true })],
          audit: { path: clip(a.path), recursive: a.recursive === true },
          describe: () => ({
            data: describeDelete([planned.real], ctx.workspace),
            rollback: "it goes to Warden's trash; 'warden restore <id>' (the id is in the result record) puts it back",
          }),
          execute: () => {
            const now = relocate(planned, scopeOf(ctx), "delete");
            const trashed = services.trash.put(now.real, a.recursive === true);
            const what = `moved ${now.relative} to Warden's trash (${trashed.files} item${trashed.files === 1 ? "" : "s"}, ${trashed.bytes} bytes)`;
            return Promise.resolve({
              text: `${what}. A human can restore it with: warden restore ${trashed.id}`,
              ok: true,
              summary: what,
              fields: { restoreId: trashed.id },
              mutate: () =>
                services.trashStore.insert({
                  id: trashed.id,
                  workspace: ctx.workspace,
                  original: now.real,
                  relative: now.relative,
                  kind: trashed.kind,
                  bytes: trashed.bytes,
                  agent: ctx.caller.agent.name,
                  deletedAt: new Date().toISOString(),
                }),
              undo: () => trashed.undo(),
            });
          },
        };
      },
    }),
  ];
}
