import path from "node:path";
import { loadMocha } from "../deps";

/**
 * The extensionTestsPath module: VS Code's extension host calls `run()` once the
 * extension under development is loaded (the contract @vscode/test-electron uses),
 * and the smoke-test driver exits with 0 or 1 depending on its promise. Mocha runs
 * here, inside the host, with the real `vscode` API.
 */
export function run(): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, reporter: "spec" });
  mocha.addFile(path.join(__dirname, "extension.host-test.js"));
  mocha.addFile(path.join(__dirname, "commands.host-test.js"));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-host test(s) failed`)) : resolve()));
  });
}
