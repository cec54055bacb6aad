import type { Command } from "commander";
import { Pseudonymiser } from "../../../../analysis/privacy/pseudonym/pseudonym.js";
import { readKey, writeNewKey } from "../../../privacy/keyFile.js";
import { addExamples, type Example } from "../../help.js";


export function registerPrivacyKeys(privacy: Command): void {
  const keygen = privacy
    .command("keygen")
    .summary("write a new pseudonym key (mode 0600)")
    .description("Write a new random 256-bit pseudonym key (64 hexadecimal characters), readable and writable by its owner only (mode 0600). Never overwrites a file.")
    .requiredOption("--out <file>", "the key file to create");
  addExamples(keygen, [
    { comment: "one key per data owner, kept off the shared drive", line: "deface-impact privacy keygen --out site.key" },
    { comment: "a second data owner's key: the same IDs get other pseudonyms under it", line: "deface-impact privacy keygen --out owner-b.key" },
  ]);
  keygen.action((opts) => {
      writeNewKey(opts.out);
      process.stdout.write(`wrote ${opts.out} (mode 0600); keep it safe: without it pseudonyms cannot be reversed, with it anyone can\n`);
    });

  registerKeyedTransform(privacy, {
    name: "pseudonymise",
    summary: "print the keyed FF1 pseudonym of each ID",
    description:
      "Print the pseudonym of each ID, one per line in order: FF1 (NIST SP 800-38G) with AES-256 over the ID's letters and digits, other " +
      "characters kept in place; the same key and ID always give the same pseudonym. IDs need at least 4 letters or digits.",
    argument: ["<id...>", "identifiers (e.g. PatientIDs)"],
    examples: [
      { comment: "the pseudonyms of two IDs, one per line (a key from `privacy keygen --out site.key`)", line: "deface-impact privacy pseudonymise --key site.key PAT-00123 PAT-00124" },
      { comment: "the pseudonym of an ID with other characters, kept in place", line: "deface-impact privacy pseudonymise --key site.key 2024/AB-991" },
    ],
    transform: (p, id) => p.pseudonymise(id),
  });
  registerKeyedTransform(privacy, {
    name: "reidentify",
    summary: "print the ID behind each pseudonym",
    description: "Print the original ID of each pseudonym, one per line in order (needs the key that made them).",
    argument: ["<pseudonym...>", "pseudonyms"],
    examples: [
      { comment: "the IDs behind two pseudonyms (the key that made them)", line: "deface-impact privacy reidentify --key site.key x7Q-aZ91k 4Tr-00917" },
      { comment: "one pseudonym, as `privacy pseudonymise` printed it", line: "deface-impact privacy reidentify --key site.key Q8x-51207" },
    ],
    transform: (p, pseudonym) => p.reidentify(pseudonym),
  });
}

/** pseudonymise and reidentify: read the key, map each argument, one result per line in order. */
function registerKeyedTransform(
  privacy: Command,
  o: { name: string; summary: string; description: string; argument: [string, string]; examples: Example[]; transform: (p: Pseudonymiser, text: string) => string },
): void {
  const cmd = privacy
    .command(o.name)
    .summary(o.summary)
    .description(o.description)
    .requiredOption("--key <file>", "key file (privacy keygen)")
    .argument(...o.argument);
  addExamples(cmd, o.examples);
  cmd.action((texts: string[], opts) => {
      const p = new Pseudonymiser(readKey(opts.key));
      const lines = texts.map((t) => o.transform(p, t));
      process.stdout.write(lines.join("\n") + "\n");
    });
}
