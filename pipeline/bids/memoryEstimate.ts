import { niftiDims, readNiftiHeaderInfo } from "../io/niftiRead.js";
import type { ParticipantPlan } from "./layout.js";

/**
 * The memory a participant job needs, estimated from the image headers alone (no voxel is read), for
 * the scheduler (Snakemake's mem_mb, SLURM's --mem). The model is fitted to the peak resident memory
 * measured on phantoms from 64³ to 512×512×300 (scripts/measure-scale.sh; README, "Planned past one
 * machine", 2 threads: 172 MB at 0.26 M voxels, 580 MB at 16.8 M, 1.85 GB at 78.6 M): a fixed cost
 * (Node and the modules), a cost per worker thread (each loads the feature code), and a cost per
 * voxel of the largest image (the image, its defaced copy, the defacing's masks: head, brain, face,
 * skin, distances), with a margin.
 */
export const MEMORY_MODEL = {
  /** MB whatever the image. */
  baseMb: 150,
  /** MB per worker thread beyond the first. */
  perThreadMb: 40,
  /** bytes per voxel of the largest image. */
  bytesPerVoxel: 30,
  /** the estimate is the model times this, rounded up to 50 MB. */
  margin: 1.25,
};

export function estimateMemoryMb(voxels: number, threads: number): number {
  const m = MEMORY_MODEL;
  const mb = m.baseMb + m.perThreadMb * Math.max(0, threads - 1) + (m.bytesPerVoxel * voxels) / 1e6;
  return Math.ceil((mb * m.margin) / 50) * 50;
}

/** One line of `bids … participant --estimate-memory`. */
export interface MemoryLine {
  participant_label: string;
  images: number;
  max_voxels: number | null;
  threads: number;
  mem_mb: number;
  /** a header that could not be read, or the participant's problem (its job will report it and finish quickly). */
  problem: string | null;
}

export const MEMORY_COLUMNS = ["participant_label", "images", "max_voxels", "threads", "mem_mb", "problem"] as const;

/** The estimate per participant: images are analysed one after the other, so the largest decides. */
export function memoryPlan(plans: readonly ParticipantPlan[], threads: number): MemoryLine[] {
  return plans.map((plan) => {
    let max: number | null = null;
    const problems: string[] = plan.problem ? [plan.problem] : [];
    for (const unit of plan.units) {
      try {
        const [x, y, z] = niftiDims(readNiftiHeaderInfo(unit.image), unit.image);
        max = Math.max(max ?? 0, x * y * z);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    return {
      participant_label: plan.participant,
      images: plan.units.length,
      max_voxels: max,
      threads,
      mem_mb: estimateMemoryMb(max ?? 0, threads),
      problem: problems.length ? problems.join("; ") : null,
    };
  });
}
