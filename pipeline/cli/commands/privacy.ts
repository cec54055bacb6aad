import type { Command } from "commander";
import { addExamples } from "../help.js";
import { registerPrivacyAnonymise } from "./privacy/anonymise.js";
import { registerPrivacyBudget } from "./privacy/budget.js";
import { registerPrivacyCheck } from "./privacy/check.js";
import { registerPrivacyKeys } from "./privacy/keys.js";
import { registerPrivacyLink } from "./privacy/link.js";
import { registerPrivacyRelease } from "./privacy/release.js";

/** `privacy`: the release checks of a table (k, ℓ, t, linkage attacks), differential privacy and its accountant, keyed pseudonyms. */
export function registerPrivacy(program: Command): void {
  const privacy = program
    .command("privacy")
    .description(
      "Before a table leaves the hospital: check it (k-anonymity, ℓ-diversity, t-closeness, re-identification risk), anonymise it (generalisation " +
        "and suppression with the least information loss), attack it (linkage with a public registry), release statistics with differential " +
        "privacy under a budget ledger, account for the budget, and replace IDs by keyed reversible pseudonyms.",
    );
  addExamples(privacy, [
    { comment: "where a table stands: k, ℓ, t and the re-identification risk (exit 1 below a threshold)", line: "deface-impact privacy check --table cohort-clinical.csv --quasi age,sex,site --sensitive grade --k 5" },
    { comment: "every subcommand's --help ends with its own examples", line: "deface-impact privacy anonymise --help" },
  ]);
  registerPrivacyCheck(privacy);
  registerPrivacyAnonymise(privacy);
  registerPrivacyLink(privacy);
  registerPrivacyRelease(privacy);
  registerPrivacyBudget(privacy);
  registerPrivacyKeys(privacy);
}
