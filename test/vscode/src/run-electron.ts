/**
 * The in-host suite under @vscode/test-electron, on machines that can download VS
 * Code (`npm run test:electron`): the same tests module (src/host/index.ts, which
 * exports `run()` as test-electron's contract asks) against the same real daemon
 * fixture the code-server run uses. This machine cannot download VS Code, so CI
 * runs the suite in code-server instead (`npm run test:e2e`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { REPO, TEST_VSCODE } from "./deps";
import { WardenFixture } from "./warden-fixture";

type RunTests = (options: { extensionDevelopmentPath: string; extensionTestsPath: string; launchArgs: string[]; extensionTestsEnv: Record<string, string | undefined> }) => Promise<number>;

function loadRunTests(): RunTests {
  const m: unknown = createRequire(path.join(TEST_VSCODE, "package.json"))("@vscode/test-electron");
  const run: unknown = typeof m === "object" && m !== null && "runTests" in m ? m.runTests : undefined;
  if (typeof run !== "function") throw new Error("@vscode/test-electron is missing from test/vscode/node_modules; run test/vscode/install.sh");
  return (options) => Promise.resolve(Reflect.apply(run, undefined, [options])).then((code: unknown) => (typeof code === "number" ? code : 1));
}

async function main(): Promise<number> {
  const fixture = new WardenFixture();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wd-electron-"));
  try {
    await fixture.start("60s");
    const fixtureFile = path.join(scratch, "fixture.json");
    fixture.writeInfo(fixtureFile);
    return await loadRunTests()({
      extensionDevelopmentPath: path.join(REPO, "extension"),
      extensionTestsPath: path.join(REPO, "dist", "test", "vscode", "src", "host", "index.js"),
      launchArgs: [fixture.workspace, "--disable-extensions", "--disable-workspace-trust"],
      extensionTestsEnv: { ...fixture.env, WARDEN_E2E_FIXTURE: fixtureFile },
    });
  } finally {
    await fixture.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`test:electron: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
