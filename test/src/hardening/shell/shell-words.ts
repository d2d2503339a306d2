import fc from "fast-check";

/**
 * Generated shell lines for the differential test: words built from the parts where
 * a parser most easily disagrees with bash — quotes of every kind and their escapes,
 * `$'…'` and `$"…"`, heredocs (quoted, unquoted, `<<-`), arithmetic, brace and tilde
 * expansion, globs, carriage returns, line continuations, comments and substitutions.
 * No NUL (bash cannot receive it in an argument); everything else is fair game.
 * `shellLine` throws all of it together (most such lines are rightly unresolved);
 * `quotedLine` keeps to quoting and escapes a careful agent might really write, so
 * that most of its lines are resolved and their argv compared exactly.
 */

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const join = (parts: fc.Arbitrary<string[]>): fc.Arbitrary<string> => parts.map((p) => p.join(""));

const plainChar = pick(..."abcrmxyz019._/-+@%,:=^".split(""));
const plain = join(fc.array(plainChar, { minLength: 1, maxLength: 5 }));
/** Characters that mean something somewhere: quotes, expansions, operators, blanks, CR. */
const specialChar = pick("'", '"', "\\", "$", "`", " ", "\t", "\n", "\r", ";", "|", "&", "(", ")", "<", ">", "#", "*", "?", "[", "]", "{", "}", "~", ",", "!", "=", "é", "\u00a0");

const substitution = pick("$(rm s1)", "`rm s2`", "$(echo 'a b')", "$( (rm s3) )", "$(printf %s x)", "`echo \\`rm s4\\``", "<(rm s5)");
const parameter = pick("$x", "${x}", "$1", "$#", "$?", "${#x}", "${x:-d}", "${x:-$(rm s6)}", "${x:+'q'}", "${x//a/b}", "${x%.*}", "$HOME", "${!x}", "$@", "$*");
const arithmetic = pick("$((1+2))", "$((x))", "$[1+1]", "$((0x10))", "$(( $(rm s7) ))");
const brace = pick("{a,b}", "{1..3}", "x{,y}", "{a}", "{a,{b,c}}", "{,}", "{a..c}", "\\{a,b}", "'{'a,b}");
const tilde = pick("~", "~/f", "~root", "~nobody/x", "a=~/f", "x:~/y", "~+", "~-");
const glob = pick("*", "?", "[ab]", "*.nomatch", "/usr/bin/rm*", "[!a]");

const singleQuoted = join(fc.tuple(fc.array(fc.oneof({ weight: 3, arbitrary: plainChar }, { weight: 2, arbitrary: specialChar.filter((c) => c !== "'") }), { maxLength: 6 })).map(([chars]) => ["'", ...chars, "'"]));

const doubleQuotedPart = fc.oneof(
  { weight: 4, arbitrary: plainChar },
  { weight: 2, arbitrary: specialChar.filter((c) => c !== '"' && c !== "\\" && c !== "$" && c !== "`") },
  { weight: 2, arbitrary: pick("\\$", "\\`", '\\"', "\\\\", "\\\n", "\\a", "\\n", "\\'", "'", "\\\r\n") },
  { weight: 1, arbitrary: parameter },
  { weight: 1, arbitrary: substitution.filter((s) => !s.startsWith("<(")) },
  { weight: 1, arbitrary: arithmetic },
);
const doubleQuoted = fc.array(doubleQuotedPart, { maxLength: 5 }).map((parts) => `"${parts.join("")}"`);

const ansiCPart = fc.oneof(
  { weight: 3, arbitrary: plainChar },
  { weight: 1, arbitrary: specialChar.filter((c) => c !== "'" && c !== "\\") },
  {
    weight: 3,
    arbitrary: pick("\\n", "\\t", "\\\\", "\\'", '\\"', "\\x72", "\\x6d", "\\162", "\\155", "\\u00e9", "\\U0001F600", "\\cA", "\\e", "\\E", "\\a", "\\?", "\\q", "\\x", "\\xg", "\\0", "\\c?", "\\r"),
  },
);
const ansiC = fc.array(ansiCPart, { maxLength: 5 }).map((parts) => `$'${parts.join("")}'`);
const localeString = fc.array(plainChar, { maxLength: 4 }).map((chars) => `$"${chars.join("")}"`);
/** A backslash outside quotes: quotes the next character; before a newline, continues the line. */
const escaped = fc.oneof(specialChar, plainChar).map((c) => `\\${c}`);

const fragment = fc.oneof(
  { weight: 6, arbitrary: plain },
  { weight: 3, arbitrary: singleQuoted },
  { weight: 3, arbitrary: doubleQuoted },
  { weight: 3, arbitrary: ansiC },
  { weight: 3, arbitrary: escaped },
  { weight: 1, arbitrary: localeString },
  { weight: 1, arbitrary: substitution },
  { weight: 1, arbitrary: parameter },
  { weight: 1, arbitrary: arithmetic },
  { weight: 1, arbitrary: brace },
  { weight: 1, arbitrary: tilde },
  { weight: 1, arbitrary: glob },
  { weight: 1, arbitrary: pick("\r", "#", "a#b", "=", "-", "--", "!") },
);

/** One shell word (or something that looks like one): 1–4 fragments with nothing between them. */
export const word: fc.Arbitrary<string> = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));

/** Program names, some spelled so that only unquoting reveals them. */
const program = fc.oneof(
  { weight: 5, arbitrary: pick("rm", "cat", "git", "ls", "echo", "printf", "curl", "touch", "sh", "env", "xargs", "sudo", "/bin/rm", "./run", "[", "test", "eval", "command", ":") },
  { weight: 2, arbitrary: pick("'r''m'", '"r"m', "r\\m", "\\rm", "$'\\x72\\x6d'", "r\\\nm", "r''m", "$'rm'", '"rm"', "\\\r\nrm") },
  { weight: 1, arbitrary: word },
);

const blank = pick(" ", " ", " ", "  ", "\t", " \\\n", " \\\r\n ");
const redirect = pick(" >out", " 2>/dev/null", " >>o2", " <in", " 2>&1", " &>o3", " <<<'here'", " <<< $(rm s8)", " >|o4", " 3>&-");
const heredocBody = fc.array(fc.oneof(plain, pick("$(rm h1)", "`rm h2`", "$x", "\\$(rm h3)", "EOFX", "\t", "\\", "'", '"', "${x:-$(rm h4)}")), { maxLength: 4 }).map((p) => p.join(""));
const heredoc = fc
  .tuple(pick("<<EOF", "<<'EOF'", '<<"EOF"', "<<-EOF", "<<\\EOF", "<<E\\OF"), heredocBody, pick("\nEOF", "\n\tEOF", "\nEOF ", "\nEOF\nrm h5"))
  .map(([start, body, end]) => ({ start: ` ${start}`, rest: `\n${body}${end}` }));

/** A simple command: program, arguments, maybe redirects, maybe a heredoc. */
const simple = fc
  .tuple(program, fc.array(fc.tuple(blank, word), { maxLength: 4 }), fc.option(redirect, { nil: "" }), fc.option(heredoc, { nil: null }))
  .map(([name, args, redir, doc]) => {
    const text = `${name}${args.map(([b, w]) => `${b}${w}`).join("")}${redir}`;
    return doc === null ? { text, rest: "" } : { text: `${text}${doc.start}`, rest: doc.rest };
  });

const operator = pick("; ", " && ", " || ", " | ", "\n", " & ", ";\r\n", " |& ");

/** One to three simple commands joined by operators; a heredoc body follows its line. */
export const shellLine: fc.Arbitrary<string> = fc.array(fc.tuple(simple, operator), { minLength: 1, maxLength: 3 }).map((parts) => {
  let line = "";
  parts.forEach(([command, op], i) => {
    line += command.text;
    if (command.rest !== "") {
      // The body starts after the current line ends; the next command goes after the delimiter.
      line += command.rest;
      if (i < parts.length - 1) line += "\n";
    } else if (i < parts.length - 1) {
      line += op;
    }
  });
  return line;
});

/** Printable characters only: quoting and escaping as people write it, no CR, no heredocs. */
const printable = pick(..."abcrmxyz019._/-+@%,:=^ ;|&()<>#*?[]{}~!$`'\"\\".split(""));
const quotedPart = fc.oneof(
  { weight: 6, arbitrary: plain },
  { weight: 3, arbitrary: join(fc.array(printable.filter((c) => c !== "'"), { maxLength: 6 })).map((t) => `'${t}'`) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(plainChar, pick(" ", "'", ";", "|", "#", "*", "{a,b}", "~", "\\$", '\\"', "\\\\", "\\`", "\\a", "$x", "${x:-d}", "$(echo a)")), { maxLength: 5 })
      .map((parts) => `"${parts.join("")}"`),
  },
  { weight: 2, arbitrary: fc.array(fc.oneof(plainChar, pick("\\n", "\\t", "\\x72", "\\155", "\\'", "\\\\", '"', " ")), { maxLength: 4 }).map((p) => `$'${p.join("")}'`) },
  { weight: 2, arbitrary: printable.map((c) => `\\${c}`) },
  { weight: 1, arbitrary: fc.oneof(brace, tilde, glob, pick("$x", "${x}", "$(echo a)", "\\\n")) },
);
const quotedWord = fc.array(quotedPart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(""));
const quotedCommand = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: pick("rm", "cat", "git", "ls", "echo", "printf", "touch", "grep") }, { weight: 1, arbitrary: quotedWord }), fc.array(quotedWord, { maxLength: 4 }))
  .map(([name, args]) => [name, ...args].join(" "));

/** One to three commands with quoting a person would write, joined by `;`, `&&`, `||` or `|`. */
export const quotedLine: fc.Arbitrary<string> = fc
  .array(fc.tuple(quotedCommand, pick("; ", " && ", " || ", " | ")), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([command, op], i) => (i < parts.length - 1 ? `${command}${op}` : command)).join(""));
