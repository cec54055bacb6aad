import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_ORDERS, parseEvent, privacyBudget } from "../../../../analysis/privacy/accounting/budget.js";
import { addExamples } from "../../help.js";
import { collect } from "../../options.js";
import { jsonText, probability, round } from "./shared.js";

const orderList = (value: string): number[] =>
  value.split(",").map((v) => {
    const n = Number(v);
    if (!(n > 1) || !Number.isFinite(n)) throw new InvalidArgumentError(`orders must be finite numbers > 1 (got "${v}")`);
    return n;
  });

export function registerPrivacyBudget(privacy: Command): void {
  const cmd = privacy
    .command("budget")
    .summary("privacy spent by a sequence of mechanisms: basic, advanced and Rényi DP composition")
    .description(
      "The privacy spent by a sequence of mechanisms (sensitivity 1, add/remove-one neighbours), bounded three ways at the same total δ: basic " +
        "composition, advanced composition (Dwork, Rothblum & Vadhan 2010; δ' = --delta minus the events' δ, split chosen for the smallest ε) and " +
        "Rényi DP (Gaussian, Laplace, Poisson-subsampled Gaussian of Mironov, Talwar & Zhang 2019) converted with the conversion of Canonne, " +
        "Kamath & Steinke 2020. A Laplace event's ε is 1/scale; a Gaussian's σ is its noise multiplier (noise sd / sensitivity).",
    )
    .requiredOption("--event <e>", "gaussian:sigma=S[,q=Q][,count=N] | laplace:scale=B[,count=N] (repeatable)", collect)
    .requiredOption("--delta <d>", "total δ, 0 < δ < 1", probability)
    .addOption(new Option("--orders <list>", "RDP orders").argParser(orderList).default(undefined, DEFAULT_ORDERS.join(",")))
    .option("--json", "print the bounds as JSON: basic, advanced, rdp {epsilon, delta, order, curve}");
  addExamples(cmd, [
    { comment: "1000 steps of DP-SGD (σ 1.1, sampling rate 1 %) and two Laplace releases: ε at δ = 1e-5", line: "deface-impact privacy budget --event gaussian:sigma=1.1,q=0.01,count=1000 --event laplace:scale=10,count=2 --delta 1e-5" },
    { comment: "the same bounds as JSON, the RDP curve at chosen orders", line: "deface-impact privacy budget --event gaussian:sigma=2.5,q=0.01,count=50 --orders 1.5,2.5,5,50,100 --delta 1e-5 --json" },
  ]);
  cmd.action((opts) => {
      const report = privacyBudget((opts.event as string[]).map(parseEvent), opts.delta, opts.orders ?? DEFAULT_ORDERS);
      if (opts.json) {
        process.stdout.write(jsonText(report));
        return;
      }
      const out = (line: string) => process.stdout.write(line + "\n");
      out(`events: ${report.events.join("; ")}`);
      out(`  basic composition:    ε = ${round(report.basic.epsilon, 6)}, δ = ${report.basic.delta}`);
      out(`  advanced composition: ε = ${round(report.advanced.epsilon, 6)}, δ = ${report.advanced.delta} (δ' = ${+report.advanced.delta_prime.toPrecision(6)})`);
      out(`  Rényi DP:             ε = ${round(report.rdp.epsilon, 6)}, δ = ${report.rdp.delta} (order ${report.rdp.order})`);
      out(`  tightest: ${report.tightest}`);
      out("  RDP curve (order: ε(α)):");
      for (const c of report.rdp.curve) out(`    ${c.order}: ${round(c.rdp, 6)}`);
    });
}
