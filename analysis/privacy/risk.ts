/**
 * Re-identification risk from equivalence-class sizes (El Emam & Dankar 2008, "Protecting privacy using
 * k-anonymity"; the models of ARX and sdcMicro). f_j: records of class j in the released table, F_j:
 * people with the same quasi-identifier values in the population, n: records released, J: classes.
 * - prosecutor (the attacker knows the target is in the release): a record's risk is 1/f_j;
 *   the maximum is 1/min f_j, the average over records J/n.
 * - journalist (the target is anyone in the population): 1/F_j per record, maximum 1/min F_j.
 * - marketer (re-identify as many as possible): the expected share re-identified, (1/n) Σ_j f_j/F_j,
 *   which is J/n when the release is the population.
 */
export interface ReidentificationRisk {
  prosecutor_max: number;
  prosecutor_avg: number;
  /** given a population table; null otherwise. */
  journalist_max: number | null;
  journalist_avg: number | null;
  marketer: number;
  /** records alone in their class (sample uniques). */
  uniques: number;
  /** sample uniques that are also unique in the population (given a population table). */
  population_uniques: number | null;
}

/**
 * `populationSizes[j]`: F_j for class j of the release, when a population table is given. A class
 * missing from the population (F_j < f_j) counts with F_j = f_j: the release itself is part of the
 * population.
 */
export function reidentificationRisk(sizes: readonly number[], populationSizes?: readonly number[]): ReidentificationRisk {
  let n = 0, minSize = Infinity, uniques = 0;
  for (const f of sizes) {
    n += f;
    if (f < minSize) minSize = f;
    if (f === 1) uniques++;
  }
  const risk: ReidentificationRisk = {
    prosecutor_max: 1 / minSize,
    prosecutor_avg: sizes.length / n,
    journalist_max: null,
    journalist_avg: null,
    marketer: sizes.length / n,
    uniques,
    population_uniques: null,
  };
  if (populationSizes) {
    let minPopulation = Infinity, expected = 0, populationUniques = 0;
    sizes.forEach((f, j) => {
      const F = Math.max(populationSizes[j] ?? 0, f);
      if (F < minPopulation) minPopulation = F;
      expected += f / F;
      if (f === 1 && F === 1) populationUniques++;
    });
    risk.journalist_max = 1 / minPopulation;
    risk.journalist_avg = expected / n;
    risk.marketer = expected / n;
    risk.population_uniques = populationUniques;
  }
  return risk;
}
