/** A real throwaway workspace with a few ordinary files, outside any WARDEN_HOME. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const FILES: Record<string, string> = {
  "README.md": "# demo\n",
  "package.json": '{ "name": "demo", "version": "1.0.0" }\n',
  ".env": "API_KEY=not-a-real-key\n",
  "src/index.ts": "export const main = () => 1;\n",
  "src/policy/engine.ts": "export function decide() { return 'allow'; }\n",
  "src/server/handlers/users.ts": "export const users = [];\n",
  "test/fixtures/data.json": "[]\n",
  "docs/guide.md": "# guide\n",
};

/** Creates the workspace and returns its real path (symlinks such as macOS /tmp resolved). */
export function makeWorkspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-bench-ws-")));
  for (const [rel, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
