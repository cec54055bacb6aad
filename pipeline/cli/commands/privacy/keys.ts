import type { Command } from "commander";
import { Pseudonymiser } from "../../../../analysis/privacy/pseudonym/pseudonym.js";
import { readKey, writeNewKey } from "../../../privacy/keyFile.js";

export function registerPrivacyKeys(privacy: Command): void {
  privacy
    .command("keygen")
    .summary("write a new pseudonym key (mode 0600)")
    .description("Write a new random 256-bit pseudonym key (64 hexadecimal characters), readable and writable by its owner only (mode 0600). Never overwrites a file.")
    .requiredOption("--out <file>", "the key file to create")
    .addHelpText("after", "\nExample:\n  deface-impact privacy keygen --out ~/keys/site.key\n")
    .action((opts) => {
      writeNewKey(opts.out);
      process.stdout.write(`wrote ${opts.out} (mode 0600); keep it safe: without it pseudonyms cannot be reversed, with it anyone can\n`);
    });

  privacy
    .command("pseudonymise")
    .summary("print the keyed FF1 pseudonym of each ID")
    .description(
      "Print the pseudonym of each ID, one per line in order: FF1 (NIST SP 800-38G) with AES-256 over the ID's letters and digits, other " +
        "characters kept in place; the same key and ID always give the same pseudonym. IDs need at least 4 letters or digits.",
    )
    .requiredOption("--key <file>", "key file (privacy keygen)")
    .argument("<id...>", "identifiers (e.g. PatientIDs)")
    .addHelpText("after", "\nExample:\n  deface-impact privacy pseudonymise --key site.key PAT-00123 PAT-00124\n")
    .action((ids: string[], opts) => {
      const p = new Pseudonymiser(readKey(opts.key));
      const lines = ids.map((id) => p.pseudonymise(id));
      process.stdout.write(lines.join("\n") + "\n");
    });

  privacy
    .command("reidentify")
    .summary("print the ID behind each pseudonym")
    .description("Print the original ID of each pseudonym, one per line in order (needs the key that made them).")
    .requiredOption("--key <file>", "key file (privacy keygen)")
    .argument("<pseudonym...>", "pseudonyms")
    .addHelpText("after", "\nExample:\n  deface-impact privacy reidentify --key site.key x7Q-aZ91k\n")
    .action((pseudonyms: string[], opts) => {
      const p = new Pseudonymiser(readKey(opts.key));
      const lines = pseudonyms.map((s) => p.reidentify(s));
      process.stdout.write(lines.join("\n") + "\n");
    });
}
