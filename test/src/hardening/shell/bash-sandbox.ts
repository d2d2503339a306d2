import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

/**
 * Runs shell lines under real bash and records the argv of every simple command bash
 * would have started, without starting any real program.
 *
 * The sandbox, per run (needs root, as CI has):
 * - `unshare --mount --net --pid`: a private mount table, no network (bash's own
 *   `/dev/tcp/HOST/PORT` redirections cannot connect), and every process it started
 *   is killed with it;
 * - a tmpfs chroot holding only bash (at an unguessable path), its libraries and the
 *   C.UTF-8 locale; every name in the host's bin directories is a hard link to one
 *   shim that records its argv and exits 127, so `/bin/rm -rf /` only records;
 * - PATH points nowhere, so a bare name ends in `command_not_found_handle`, which records;
 * - most builtins are disabled with `enable -n` (echo, printf, test, kill, exec, enable,
 *   ulimit…), so they are looked up, not found and recorded like programs; kept are
 *   the ones that shape what runs next (eval, command, declare/export, read, cd, trap…);
 * - each line runs as `nobody`, with a CPU, process, memory and file-size limit and a
 *   wall-clock timeout, in an emptied working directory.
 * Records go to descriptor 3 as `COUNT\0ARG\0…` (`\` and newline escaped), one write per command.
 */

export interface LineTrace {
  /** Every command bash started (or tried to), in order: argv[0] is the name as invoked. */
  argvs: string[][];
  /** Exit status of the line's shell; null when it was killed (timeout, limits). */
  status: number | null;
  timedOut: boolean;
  /** The record file ended inside a record (file-size limit): argvs holds the complete ones. */
  truncated: boolean;
}

const BASH_CANDIDATES = ["/usr/bin/bash", "/bin/bash"];
const TOOLS = ["/usr/bin/unshare", "/usr/sbin/chroot", "/usr/bin/timeout", "/usr/bin/env", "/usr/bin/ldd", "/usr/bin/find"];
/** The uid and gid the traced lines run as. */
const NOBODY = 65534;

/** Builtins left enabled: they change what runs next, and bash's behaviour must stay bash's. */
const KEPT_BUILTINS = new Set([
  ".", "source", "alias", "unalias", "break", "continue", "builtin", "command", "declare", "typeset", "local", "export",
  "readonly", "eval", "exit", "return", "set", "shift", "shopt", "trap", "unset", "cd", "pushd", "popd", "getopts",
  "let", "read", "mapfile", "readarray", "wait", "printf",
]);
/** bash 5.2's builtins (`compgen -b`); those not kept are disabled and so traced. */
const ALL_BUILTINS = [
  ".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete", "compopt",
  "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg",
  "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd",
  "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times",
  "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
];

/**
 * Sourced by every traced bash (BASH_ENV). printf stays a builtin for the recorder
 * but is shadowed by a recording function; `enable` goes last.
 */
const PROLOGUE = [
  'if [[ -z "${WARDEN_TRACE_INSIDE-}" ]]; then export WARDEN_TRACE_INSIDE=1; cd /work || exit 125; fi',
  // bash line-buffers its output: a newline inside an argument would split the record into two
  // writes, and pipeline members record concurrently. So `\` and newline are escaped (one write).
  "warden_record() { local a; local -a esc=(); for a in \"$@\"; do a=${a//\\\\/\\\\\\\\}; esc+=(\"${a//$'\\n'/\\\\n}\"); done; builtin printf '%s\\0' \"$#\" \"${esc[@]}\" >&3; }",
  'command_not_found_handle() { warden_record "$@"; return 127; }',
  'printf() { warden_record printf "$@"; }',
  "readonly -f warden_record command_not_found_handle printf",
  `enable -n ${ALL_BUILTINS.filter((name) => !KEPT_BUILTINS.has(name) && name !== "enable").join(" ")} enable`,
].join("\n");

/** Every host executable name becomes a link to this: it records how it was invoked. */
const SHIM = ["#!/.sh/bash", 'warden_record "$0" "$@"', "exit 127"].join("\n");

/**
 * Runs inside the namespaces as root: builds the chroot on a tmpfs mounted over $1
 * (private to this mount namespace), then runs each NUL-terminated line read from
 * stdin, writing records to $2/N and exit statuses to $2/status. It prints a dot to
 * stdout for each step (a program linked, a line run): the watchdog's sign of progress.
 */
const DRIVER = String.raw`
set -euo pipefail
root=$1 out=$2 seconds=$3 bash=$4
mount -t tmpfs -o size=64m,mode=755 warden-trace "$root"
mkdir -p "$root"/usr/{bin,sbin,lib/locale,lib64,local/bin,local/sbin} "$root"/{.sh,dev,tmp,work,home}
for link in bin sbin lib lib64; do if [[ -L /$link ]]; then ln -s "$(readlink /$link)" "$root/$link"; else mkdir -p "$root/$link"; fi; done
cp "$bash" "$root/.sh/bash"
for lib in $(ldd "$bash" | grep -o '/[^ ]*'); do mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; done
if [[ -d /usr/lib/locale/C.utf8 ]]; then cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"; fi
touch "$root/dev/null"; mount --bind /dev/null "$root/dev/null"
printf '%s\n' "$WARDEN_TRACE_SHIM" > "$root/.shim"; chmod 755 "$root/.shim"
printf '%s\n' "$WARDEN_TRACE_PROLOGUE" > "$root/.prologue"; chmod 644 "$root/.prologue"
for dir in /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin /bin /sbin; do
  [[ -d $dir && ! -L $dir ]] || continue
  for f in "$dir"/*; do [[ -e "$root$f" || -L "$root$f" ]] || ln "$root/.shim" "$root$f"; printf .; done
done
chmod 1777 "$root/tmp"; chown ${NOBODY}:${NOBODY} "$root/work" "$root/home"
i=0
while IFS= read -r -d '' line; do
  i=$((i + 1))
  find "$root/work" "$root/tmp" "$root/home" -mindepth 1 -delete 2>/dev/null || true
  set +e
  (
    ulimit -u 128 -t "$seconds" -f 2048 -v 1048576
    exec /usr/bin/env -i PATH=/nonexistent HOME=/home LC_ALL=C.UTF-8 BASH_ENV=/.prologue \
      /usr/bin/timeout -s KILL "$seconds" /usr/sbin/chroot --userspec=${NOBODY}:${NOBODY} --groups=${NOBODY} "$root" \
      /.sh/bash --norc --noprofile -c "$line"
  ) </dev/null >/dev/null 2>"$out/$i.err" 3>"$out/$i"
  echo "$i $?" >>"$out/status"
  printf .
  set -e
done
`;

function findBash(): string {
  const found = BASH_CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) throw new Error(`bash is needed for the differential test and is not at ${BASH_CANDIDATES.join(" or ")}`);
  return found;
}

/** Why this machine cannot run the sandbox, or null when it can. */
export function sandboxUnavailable(): string | null {
  if (process.platform !== "linux") return `the bash sandbox needs Linux namespaces (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "the bash sandbox needs root (unshare, mount, chroot); CI runs as root: run the suite as root";
  const missing = TOOLS.filter((tool) => !fs.existsSync(tool));
  if (missing.length > 0) return `the bash sandbox needs ${missing.join(", ")} (util-linux, coreutils, libc-bin, findutils)`;
  return null;
}

/** Splits `COUNT\0ARG…\0` records and unescapes them; a record cut short (file-size limit) marks the trace truncated. */
export function parseRecords(data: Buffer): { argvs: string[][]; truncated: boolean } {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i += 1) {
    if (data[i] !== 0) continue;
    fields.push(data.subarray(start, i).toString("utf8").replace(/\\(\\|n)/g, (_m, c: string) => (c === "n" ? "\n" : "\\")));
    start = i + 1;
  }
  const argvs: string[][] = [];
  let truncated = start !== data.length;
  let at = 0;
  while (at < fields.length) {
    const count = Number(fields[at]);
    if (!Number.isInteger(count) || count < 0 || at + 1 + count > fields.length) {
      truncated = true;
      break;
    }
    argvs.push(fields.slice(at + 1, at + 1 + count));
    at += 1 + count;
  }
  return { argvs, truncated };
}

/**
 * Traces each line (no NUL inside: bash could not receive it as one argument).
 * Bounded: each line gets `seconds` of wall clock and CPU; the run is killed, and the
 * test fails, when the driver makes no progress for longer than one step can take (see stallLimitMs).
 */
export async function traceLines(lines: readonly string[], seconds = 3): Promise<LineTrace[]> {
  const unavailable = sandboxUnavailable();
  if (unavailable !== null) throw new Error(unavailable);
  const bad = lines.findIndex((line) => line.includes("\0"));
  if (bad !== -1) throw new Error(`line ${bad} contains a NUL character and cannot be passed to bash`);
  const bash = findBash();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-trace-"));
  const root = path.join(dir, "root");
  const out = path.join(dir, "out");
  fs.mkdirSync(root);
  fs.mkdirSync(out);
  try {
    await runDriver([root, out, String(seconds), bash], lines, path.join(out, "status"), stallLimitMs(seconds));
    const statuses = new Map<number, number>();
    const statusFile = path.join(out, "status");
    const statusText = fs.existsSync(statusFile) ? fs.readFileSync(statusFile, "utf8") : "";
    for (const row of statusText.split("\n")) {
      const [index, code] = row.split(" ");
      if (index !== undefined && code !== undefined) statuses.set(Number(index), Number(code));
    }
    if (statuses.size !== lines.length) throw new Error(`the bash sandbox ran ${statuses.size} of ${lines.length} lines; see ${out}`);
    return lines.map((_line, i) => {
      const code = statuses.get(i + 1) ?? -1;
      const file = path.join(out, String(i + 1));
      const { argvs, truncated } = parseRecords(fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0));
      // timeout -s KILL: the shell dies of SIGKILL (137); CPU limit: SIGKILL or SIGXCPU (152).
      const killed = code === 137 || code === 152 || code === 153;
      return { argvs, status: killed ? null : code, timedOut: killed, truncated };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How long the driver may go without a step (see DRIVER) before it counts as hung. A budget
 * for the whole run would have to guess the machine's speed (the differential's 4,968 lines
 * took 515 s at load 8-9 from other work, where a fixed budget allowed 308 s; building the
 * chroot alone took over 2 minutes at load 16-19), so the watchdog follows progress instead:
 * a step is one `ln`, or one line, which cannot hold the driver longer than its own `seconds`
 * (timeout -s KILL, wall clock) plus starting its processes. Two minutes on top is tens of
 * times what a loaded machine adds to that, and still catches a hang.
 */
export function stallLimitMs(seconds: number): number {
  return seconds * 1000 + 120_000;
}

function runDriver(args: readonly string[], lines: readonly string[], statusFile: string, stallMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/unshare", ["--mount", "--net", "--pid", "--fork", "--kill-child", "--", args[3] ?? "bash", "-c", DRIVER, "driver", ...args], {
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C.UTF-8", WARDEN_TRACE_SHIM: SHIM, WARDEN_TRACE_PROLOGUE: PROLOGUE },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    let lastProgress = performance.now();
    child.stdout.on("data", () => {
      lastProgress = performance.now();
    });
    const timer = setInterval(() => {
      if (performance.now() - lastProgress > stallMs) {
        clearInterval(timer);
        child.kill("SIGKILL");
        const done = fs.existsSync(statusFile) ? fs.readFileSync(statusFile, "utf8").split("\n").filter((r) => r !== "").length : 0;
        reject(new Error(`the bash sandbox made no progress for ${stallMs} ms (${done} of ${lines.length} lines done): it hangs`));
      }
    }, 1000);
    child.on("error", (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      if (code === 0) resolve();
      else reject(new Error(`the bash sandbox failed (exit ${code}): ${stderr}`));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(Buffer.concat(lines.map((line) => Buffer.from(`${line}\0`, "utf8"))));
  });
}
