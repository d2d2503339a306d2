import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TokenFactory } from "../detect/token-fixtures";
import { screenPrompt } from "./prompt-screen";
import { findSplitKeys } from "./split-keys";

/** Issue 17: a key typed with spaces, dashes or line breaks inside still reached the model. */
describe("keys split into words", () => {
  const tokens = new TokenFactory(0x17);
  const github = tokens.checksummed("ghp_");
  const aws = `AKIA${tokens.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
  const anthropic = `sk-ant-api03-${tokens.chars(90)}AA`;
  const groups = (key: string, size: number, sep: string): string => (key.match(new RegExp(`.{1,${size}}`, "g")) ?? []).join(sep);

  test("attack: a key in groups of spaces, dashes or lines, the prefix split too; the prompt is blocked and the key never repeated", () => {
    const attacks = [
      `deploy with ${groups(github, 4, " ")} please`,
      `token:\n${groups(github, 10, "\n")}\nthanks`,
      `use ${groups(github, 5, "-")} now`,
      `use ${groups(github, 5, " - ")} now`,
      `key ${groups(aws, 4, " ")} for prod`,
      `here: ${groups(anthropic, 8, " ")}`,
      `gh p_${github.slice(4)}`.replace(/(.{9})/g, "$1 "),
    ];
    for (const prompt of attacks) {
      assert.ok(findSplitKeys(prompt).length > 0, prompt);
      const screened = screenPrompt(prompt, "block");
      assert.ok(screened.block !== null, prompt);
      assert.match(screened.block, /split by spaces, dashes or line breaks/);
      assert.ok(!screened.block.includes(github.slice(4, 12)) && !screened.block.includes(aws.slice(4, 12)));
    }
  });

  test("benign twins: prose about key formats, ids and hashes in groups, a key found whole is reported once", () => {
    const benign = [
      "GitHub tokens start with ghp_ and are forty characters long; AKIA marks AWS access keys and sk-ant- Anthropic ones.",
      "Rotate the ghp_ token from the settings page, then update the sk- key in the vault and check the AKIA user.",
      `commit ${tokens.hex(40)} fixed it, see issue 1234 and run npm test -- --grep "sk- prefix"`,
      "uuid 123e4567-e89b-12d3-a456-426614174000 and the phone 555 123 4567",
      "ghp_ is the prefix\nsk-ant-api03- is the prefix of the key we will rotate tomorrow morning at nine",
    ];
    for (const prompt of benign) {
      assert.deepEqual(findSplitKeys(prompt), [], prompt);
      assert.equal(screenPrompt(prompt, "block").block, null, prompt);
    }
    // Whole: the ordinary scan reports it; the split scan does not count it again.
    assert.deepEqual(findSplitKeys(`use ${github} now`), []);
    assert.ok(screenPrompt(`use ${github} now`, "block").block !== null);
  });
});
