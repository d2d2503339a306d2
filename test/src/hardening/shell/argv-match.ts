import { DYNAMIC_OPEN, type SimpleCommand } from "../../../../daemon/src/policy/shell";

/** Where `command -p` looks (bash's default PATH): bash records the path, Warden the bare name. */
const DEFAULT_PATH_DIRS = new Set(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);

/** HOME inside the sandbox (bash-sandbox.ts): what `~` expands to there. */
export const SANDBOX_HOME = "/home";

/**
 * An argument Warden reports that may stand for any number of words at run time:
 * a `⟨…⟩` part (expansion, substitution), a glob character, a brace expansion, or a
 * tilde that expands. Quoted `*` looks the same once unquoted, so it is treated as maybe-dynamic
 * too; that only makes the match more lenient for commands Warden already calls dynamic.
 */
function maybeDynamic(arg: string): boolean {
  return arg.includes(DYNAMIC_OPEN) || /[*?[]/.test(arg) || /\{[^]*?(,|\.\.)[^]*?\}/.test(arg) || arg.startsWith("~") || /[=:]~/.test(arg);
}

function programMatches(reported: string, ran: string): boolean {
  if (reported === ran) return true;
  if (reported.startsWith("~/") && ran === `${SANDBOX_HOME}${reported.slice(1)}`) return true;
  const slash = ran.lastIndexOf("/");
  return slash > 0 && !reported.includes("/") && DEFAULT_PATH_DIRS.has(ran.slice(0, slash)) && ran.slice(slash + 1) === reported;
}

/**
 * Whether Warden's arguments can produce the words bash passed. A command Warden
 * calls fully static must match exactly. Otherwise each static argument is exactly
 * one word, in order, and each maybe-dynamic one any run of words (empty included);
 * with no maybe-dynamic argument at all, the unknown part is appended words (xargs,
 * `find -exec … +`).
 */
export function argsMatch(command: SimpleCommand, words: readonly string[]): boolean {
  const args = command.args;
  if (!command.dynamicArgs) return args.length === words.length && args.every((arg, i) => arg === words[i]);
  const wild = args.map(maybeDynamic);
  const tokens = wild.some(Boolean) ? args : [...args, DYNAMIC_OPEN];
  const isWild = wild.some(Boolean) ? wild : [...wild, true];
  // reach[j]: the first i tokens can produce the first j words.
  let reach: boolean[] = Array.from({ length: words.length + 1 }, (_v, j) => j === 0);
  tokens.forEach((token, i) => {
    const next: boolean[] = new Array<boolean>(words.length + 1).fill(false);
    for (let j = 0; j <= words.length; j += 1) {
      if (isWild[i] === true) next[j] = reach[j] === true || (j > 0 && next[j - 1] === true);
      else next[j] = j > 0 && reach[j - 1] === true && words[j - 1] === token;
    }
    reach = next;
  });
  return reach[words.length] === true;
}

/** Some command Warden reports could be the one bash ran with this argv. */
export function covers(commands: readonly SimpleCommand[], argv: readonly string[]): boolean {
  const [program, ...words] = argv;
  if (program === undefined) return true;
  return commands.some((command) => programMatches(command.program, program) && argsMatch(command, words));
}
