import type { Command } from "commander";
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
    )
    .addHelpText("after", "\nExample:\n  deface-impact privacy check --table cohort.csv --quasi age,sex,site --sensitive grade --k 5\n");
  registerPrivacyCheck(privacy);
  registerPrivacyAnonymise(privacy);
  registerPrivacyLink(privacy);
  registerPrivacyRelease(privacy);
  registerPrivacyBudget(privacy);
  registerPrivacyKeys(privacy);
}
