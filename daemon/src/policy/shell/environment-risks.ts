import type { Assignment } from "./types";

/**
 * Variables that make an ordinary program load or run other code. `LD_PRELOAD=x ls`
 * runs x's code inside ls; `PATH=/tmp ls` may run /tmp/ls. Setting one is reported as
 * running code, whether as a prefix, through env/sudo, by export or by plain assignment
 * (PATH is already exported, so `PATH=/tmp; ls` counts too).
 */
const CODE_VARIABLES = new Set([
  "PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH", "GCONV_PATH",
  "BASH_ENV", "ENV", "PROMPT_COMMAND", "PS4", "SHELLOPTS", "BASHOPTS", "IFS",
  "NODE_OPTIONS", "NODE_PATH", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PERL5OPT", "PERL5LIB", "PERLLIB",
  "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
  "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_EDITOR", "GIT_ASKPASS", "GIT_EXEC_PATH",
  "GIT_TEMPLATE_DIR", "GIT_PROXY_COMMAND", "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_PARAMETERS",
  "SSH_ASKPASS", "PAGER", "EDITOR", "VISUAL", "MANPAGER", "LESSOPEN", "LESSCLOSE", "BROWSER",
]);
/** Families: GIT_CONFIG_KEY_0/VALUE_0 set arbitrary config; BASH_FUNC_x%% defines functions in child shells. */
const CODE_VARIABLE_PREFIXES = ["GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_", "GIT_CONFIG_COUNT", "BASH_FUNC_", "npm_config_"];

export function environmentRisks(assignments: readonly Assignment[]): string[] {
  const risks = assignments
    .filter(({ name }) => CODE_VARIABLES.has(name) || CODE_VARIABLE_PREFIXES.some((prefix) => name.startsWith(prefix)))
    .map(({ name }) => `${name} set (can make programs run other code)`);
  return [...new Set(risks)];
}
