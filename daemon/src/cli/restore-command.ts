import { Command } from "commander";
import { EXIT } from "./exit-codes";
import { CommandRunner } from "./runner";
import { withDaemon } from "./session";

/** `warden restore ID`: puts back what the broker's delete_path moved to Warden's trash. */
export function registerRestoreCommand(program: Command, run: CommandRunner): void {
  run.define(
    program
      .command("restore")
      .description("put back a file or tree an agent deleted through Warden (the id is in the deletion's audit record and incident reports)")
      .argument("<id>", "del_…")
      .option("--overwrite", "replace whatever now exists at the original path"),
    async ({ paths, out, opts, args }) => {
      const id = typeof args[0] === "string" ? args[0] : "";
      const r = await withDaemon(paths, (c) => c.request("trash/restore", { id, ...(opts["overwrite"] === true ? { overwrite: true } : {}) }));
      out.result(`Restored ${r.restored}.`, r);
      return EXIT.ok;
    },
  );
}
