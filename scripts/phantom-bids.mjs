// Writes the phantom BIDS dataset of the tests (3 participants, one with two sessions, one broken) into
// the folder given. Used by .ci/run for the workflow run and by scripts/measure-scale.sh.
//   node scripts/phantom-bids.mjs DIR [ct|mr] [--size NXxNYxNZ] [--spacing SXxSYxSZ] [--extra N]
// --size and --spacing: the grid (default 64³ at 3 mm); --extra N adds N healthy participants (sub-04 ...).
import { writePhantomBidsDataset } from "../dist/pipeline/bids/phantomDataset.js";

const usage = () => {
  process.stderr.write("usage: node scripts/phantom-bids.mjs DIR [ct|mr] [--size NXxNYxNZ] [--spacing SXxSYxSZ] [--extra N]\n");
  process.exit(2);
};
const args = process.argv.slice(2);
const options = {};
const positional = [];
const triple = (v) => {
  const parts = String(v).split("x").map(Number);
  const t = parts.length === 1 ? [parts[0], parts[0], parts[0]] : parts;
  if (t.length !== 3 || !t.every((x) => Number.isFinite(x) && x > 0)) usage();
  return t;
};
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--size") options.dims = triple(args[++i]).map(Math.round);
  else if (args[i] === "--spacing") options.spacing = triple(args[++i]);
  else if (args[i] === "--extra") options.extraParticipants = Number(args[++i]);
  else if (args[i].startsWith("--")) usage();
  else positional.push(args[i]);
}
const [dir, kind = "mr"] = positional;
if (!dir || !["ct", "mr"].includes(kind) || !(Number.isInteger(options.extraParticipants ?? 0) && (options.extraParticipants ?? 0) >= 0)) usage();
writePhantomBidsDataset(dir, { kind, ...options });
process.stdout.write(`wrote the phantom BIDS dataset into ${dir}\n`);
