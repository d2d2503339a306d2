import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { TempWarden } from "./helpers/warden-home";

const sha = (file: string): string => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/**
 * The notify queue (in Warden's database) and saved incident reports live in
 * Warden's state directory, which the built-in protections put beyond every
 * agent, whatever the policy allows. Worst case on purpose: the agent's workspace
 * *contains* Warden's state directory, and the policy allows reading, writing and
 * deleting everything, so only the built-in protection stands in the way.
 */
describe("the notify queue and incident reports are out of every agent's reach", () => {
  const w = new TempWarden();
  const workspace = w.home;
  let human: WardenClient;
  let agent: WardenClient;
  let report = "";
  const db = () => w.paths.db;

  before(async () => {
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    fs.mkdirSync(path.join(workspace, ".warden"));
    fs.writeFileSync(
      path.join(workspace, ".warden", "policy.json"),
      JSON.stringify({
        version: 1,
        default: "deny",
        rules: [
          { id: "everything-files", action: ["file.read", "file.write", "file.delete"], paths: ["**"], decision: "allow" },
          { id: "cat-rm-echo", action: "shell.exec", commands: [{ program: "cat", readsArgs: true }, { program: "echo" }, { program: "rm" }], decision: "allow" },
        ],
        notify: { destinations: [{ id: "otel", type: "otlp", endpoint: "http://127.0.0.1:9/" }] },
      }),
    );
    await w.start();
    human = await w.connect();
    await human.request("agents/add", { workspace, name: "intruder", kind: "claude-code", owner: "alice", purpose: "tries to reach Warden's state" });
    const { token } = await human.request("tokens/issue", { workspace, name: "intruder" });
    agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    // One queued notification, so the queue is not empty, and one saved report.
    await agent.request("actions/decide", { workspace, input: { tool_name: "Write", tool_input: { file_path: ".vscode/settings.json", content: "{}" } } });
    const r = await w.cli(["incident", "report", "intruder", "--workspace", workspace, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const saved: unknown = JSON.parse(r.stdout);
    const file = typeof saved === "object" && saved !== null && "saved" in saved && typeof saved.saved === "object" && saved.saved !== null && "markdown" in saved.saved ? saved.saved.markdown : null;
    assert.ok(typeof file === "string" && fs.existsSync(file));
    report = file;
  });
  after(async () => {
    agent.close();
    human.close();
    await w.cleanup();
  });

  const gate = async (tool: string, input: Record<string, unknown>) =>
    (await agent.request("actions/decide", { workspace, input: { tool_name: tool, tool_input: input, session_id: "s1" } })).decision;
  const broker = (tool: string, args: Record<string, unknown>) => agent.request("broker/call", { workspace, tool, arguments: args });
  const rel = (file: string) => path.relative(workspace, file);

  test("attack through the gate: read, write, edit, delete and shell access to the queue DB and a report are denied by the built-in rule", async () => {
    const reportRel = rel(report);
    const attempts: Array<[string, Record<string, unknown>]> = [
      ["Read", { file_path: db() }],
      ["Read", { file_path: "warden.db" }],
      ["Read", { file_path: reportRel }],
      ["Write", { file_path: "warden.db", content: "" }],
      ["Write", { file_path: report, content: "# nothing happened\n" }],
      ["Edit", { file_path: reportRel, old_string: "intruder", new_string: "nobody" }],
      ["apply_patch", { input: `*** Begin Patch\n*** Delete File: warden.db\n*** End Patch\n` }],
      ["apply_patch", { input: `*** Begin Patch\n*** Delete File: ${reportRel}\n*** End Patch\n` }],
      ["Bash", { command: "cat warden.db" }],
      ["Bash", { command: `echo forged > ${reportRel}` }],
    ];
    for (const [tool, input] of attempts) {
      const d = await gate(tool, input);
      assert.equal(d.decision, "deny", `${tool} ${JSON.stringify(input)} was not denied`);
      assert.equal(d.rule, "builtin:warden-state", `${tool} ${JSON.stringify(input)}: ${d.reason}`);
    }
  });

  test("attack through the broker: read, list, write, edit and delete of the queue DB and a report are denied and nothing changes", async () => {
    const before = sha(report);
    const calls: Array<[string, Record<string, unknown>]> = [
      ["read_file", { path: "warden.db" }],
      ["read_file", { path: rel(report) }],
      ["list_directory", { path: "reports" }],
      ["write_file", { path: "warden.db", content: "" }],
      ["write_file", { path: rel(report), content: "# nothing happened\n" }],
      ["edit_file", { path: rel(report), old_string: "intruder", new_string: "nobody" }],
      ["delete_path", { path: "warden.db" }],
      ["delete_path", { path: "reports", recursive: true }],
    ];
    for (const [tool, args] of calls) {
      const r = await broker(tool, args);
      assert.equal(r.isError, true, `${tool} ${JSON.stringify(args)}: ${r.text}`);
      // The broker's own path resolver refuses before policy is asked; policy's built-in rule is the second wall.
      assert.match(r.text, /Warden's own state|denied.*builtin:warden-state/s, `${tool} ${JSON.stringify(args)}: ${r.text}`);
    }
    assert.equal(sha(report), before);
    assert.ok(fs.existsSync(db()));
    const status = await human.request("notify/status", {});
    assert.ok(status.totals.pending + status.totals.delivered >= 1, "the queue still holds its notification");
  });

  test(
    "attack through the gate: `rm` of the queue DB under a policy that allows rm",
    async () => {
      const d = await gate("Bash", { command: "rm warden.db" });
      assert.equal(d.decision, "deny");
      assert.equal(d.rule, "builtin:warden-state");
    },
  );
});
