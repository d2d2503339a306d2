import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO, TEST_VSCODE } from "../deps";
import type { RecordedRequest } from "./model-server";
import type { HookRecord } from "./recording-hook";

/**
 * Turns a recorded turn into a fixture the daemon-side plug-in can be tested
 * against: the real hook inputs VS Code sent (stdin JSON, per event), the tool
 * names the agent offered the model, and the versions they came from. Machine
 * paths are replaced with placeholders so the file says nothing about this machine.
 */

export const FIXTURE_DIR = path.join(REPO, "test", "fixtures", "vscode-agent");

export interface Versions {
  codeServer: string;
  vscode: string;
  copilotChat: string;
}

function versionOf(packageJson: string): string {
  const value: unknown = JSON.parse(fs.readFileSync(packageJson, "utf8"));
  return typeof value === "object" && value !== null && "version" in value && typeof value.version === "string" ? value.version : "?";
}

export function installedVersions(): Versions {
  const cs = path.join(TEST_VSCODE, "code-server", "node_modules", "code-server");
  return {
    codeServer: versionOf(path.join(cs, "package.json")),
    vscode: versionOf(path.join(cs, "lib", "vscode", "package.json")),
    copilotChat: versionOf(path.join(cs, "lib", "vscode", "extensions", "copilot", "package.json")),
  };
}

/** Replaces every occurrence of the given paths (longest first) in the JSON text with placeholders. */
export function scrub(value: unknown, places: Record<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [place, placeholder] of Object.entries(places).sort((a, b) => b[0].length - a[0].length)) {
    if (place !== "") text = text.split(place).join(placeholder);
  }
  const out: unknown = JSON.parse(text);
  return out;
}

/** The paths a recorded turn may contain, and what they become. */
export function placesOf(workspace: string, scratch: string): Record<string, string> {
  return { [workspace]: "/workspace", [scratch]: "/scratch", [os.homedir()]: "/home/user", [process.execPath]: "/usr/bin/node", [REPO]: "/repo" };
}

export interface TurnFixture {
  versions: Versions;
  prompt: string;
  /** The model-facing tool names of the agent's first request, in its order. */
  tools: string[];
  /** What each hook run got on stdin, in order; `argv[2]` of the recording hook is the event it was configured for. */
  hookInputs: Array<{ configuredFor: string; cwd: string; input: unknown }>;
}

/** The fixture of one turn, with machine paths replaced (so it is plain JSON, typed as such by the reader). */
export function turnFixture(o: { prompt: string; requests: RecordedRequest[]; hooks: HookRecord[]; workspace: string; scratch: string }): unknown {
  const first = o.requests.find((r) => r.toolNames !== null);
  const fixture: TurnFixture = {
    versions: installedVersions(),
    prompt: o.prompt,
    tools: first?.toolNames ?? [],
    hookInputs: o.hooks.map((h) => ({ configuredFor: h.argv[2] ?? "?", cwd: h.cwd, input: h.input })),
  };
  return scrub(fixture, placesOf(o.workspace, o.scratch));
}

export function writeFixture(dir: string, name: string, fixture: unknown): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(fixture, null, 2) + "\n");
  return file;
}
