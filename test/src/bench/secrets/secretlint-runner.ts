// secretlint as the reference scanner: @secretlint/core's lintSource with the
// recommended preset, one call per sample, profiler off. Loaded with import()
// because secretlint ships ES modules only and Warden compiles to CommonJS.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

export type SecretlintScan = (content: string) => Promise<number>;

// Let the profiler's PerformanceObserver callbacks and their queued measure()
// calls run before its buffers are cleared; clearing earlier makes measure() throw.
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function loadSecretlint(): Promise<{ scan: SecretlintScan; version: string; profiler: string }> {
  const core = await import("@secretlint/core");
  const preset = await import("@secretlint/secretlint-rule-preset-recommend");
  const profiler = await quietProfiler();
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: preset.creator }] };
  const scan: SecretlintScan = async (content) => {
    const result = await core.lintSource({
      // A neutral name, so no rule keys on the extension.
      source: { content, filePath: "/sample.txt", contentType: "text" },
      options: { config, noPhysicFilePath: true },
    });
    await profiler.afterEach();
    return result.messages.length;
  };
  return { scan, version: packageVersion("@secretlint/core/package.json"), profiler: profiler.how };
}

/**
 * secretlint's profiler records every mark and, in 12.x, searches all of them on
 * each new one, so a long run slows quadratically (upstream #1633). Newer
 * profilers have setEnabled(false); the 12.0.0 copy that core@12.0.0 bundles does
 * not, so there we clear its buffers after every call instead.
 */
async function quietProfiler(): Promise<{ how: string; afterEach: () => Promise<void> }> {
  // The profiler instance core actually uses: resolved from core's own directory.
  const fromCore = createRequire(require.resolve("@secretlint/core"));
  const mod: unknown = await import(pathToFileURL(fromCore.resolve("@secretlint/profiler")).href);
  const instance: unknown = typeof mod === "object" && mod !== null && "secretLintProfiler" in mod ? mod.secretLintProfiler : undefined;
  if (typeof instance !== "object" || instance === null) return { how: "not found", afterEach: settle };
  const setEnabled: unknown = Reflect.get(instance, "setEnabled");
  if (typeof setEnabled === "function") {
    Reflect.apply(setEnabled, instance, [false]);
    return { how: "setEnabled(false)", afterEach: () => Promise.resolve() };
  }
  const clear = async (): Promise<void> => {
    await settle();
    await settle();
    for (const field of ["entries", "measures", "executionPromises"]) {
      const list: unknown = Reflect.get(instance, field);
      if (Array.isArray(list)) list.length = 0;
    }
    performance.clearMarks();
    performance.clearMeasures();
  };
  return { how: "no setEnabled in this version: buffers cleared after each call", afterEach: clear };
}

function packageVersion(spec: string): string {
  const pkg: unknown = createRequire(__filename)(spec);
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "?";
}
