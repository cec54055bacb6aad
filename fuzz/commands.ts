import type { BaseName, CommandName, Role } from "./types.js";

/**
 * The command lines each role goes through: every command that reads such a file, with options that
 * keep a case short (one thread, no renders, few feature configurations). Paths are relative to the
 * case folder (the runner's working directory); OUT is the command's own output folder.
 */
export interface CommandLine {
  name: CommandName;
  args: string[];
  /** outputs compared with the oracle's for "same" cases (relative to OUT). */
  compare: string[];
}

const QUICK = ["--threads", "1", "--quiet"];
const RUN_QUICK = [...QUICK, "--no-renders", "--discretisation", "fbn8", "--normalisations", "none,zscore-global,zscore-unmasked"];
const FEATURES_QUICK = [...QUICK, "--discretisation", "fbn8"];

/** The phantom's inputs with `target` standing in for the file of `role`. */
function phantomCommands(role: Role, target: string): CommandLine[] {
  const file = (r: Role, normal: string) => (role === r ? target : normal);
  const image = file("image", "image.nii.gz");
  const roi = file("roi", "roi.nii.gz");
  const face = file("face-mask", "face_mask.nii.gz");
  const brain = file("brain-mask", "brain_mask.nii.gz");
  const convert: CommandLine = { name: "convert", args: ["convert", "--image", image, "--out", "OUT/image.nii.gz"], compare: ["image.nii.gz"] };
  const features: CommandLine = {
    name: "features",
    args: ["features", "--image", image, "--roi", roi, "--out", "OUT/features.csv", ...FEATURES_QUICK],
    compare: ["features.csv"],
  };
  const run: CommandLine = {
    name: "run",
    args: ["run", "--image", image, "--roi", roi, "--face-mask", face, "--brain-mask", brain, "--fill", "min", "--out", "OUT/run", ...RUN_QUICK],
    compare: ["run/features.csv", "run/shifts.csv"],
  };
  const defaceArgs = ["deface", "--image", image, "--out", "OUT/deface", "--fill", "min"];
  if (role === "roi") defaceArgs.push("--roi", roi);
  if (role === "face-mask") defaceArgs.push("--face-mask", face);
  else defaceArgs.push("--brain-mask", brain);
  const deface: CommandLine = { name: "deface", args: defaceArgs, compare: ["deface/defaced.nii.gz", "deface/face_mask.nii.gz"] };
  switch (role) {
    case "image":
      return [convert, features, deface, run];
    case "roi":
      return [features, deface, run];
    case "face-mask":
    case "brain-mask":
      return [deface, run];
    case "manifest":
      return [
        {
          name: "compare",
          args: ["compare", "--manifest", target, "--out", "OUT/compare", ...QUICK, "--discretisation", "fbn8", "--families", "intensity_statistics,glcm", "--normalisations", "none,zscore-global"],
          compare: ["compare/features.csv", "compare/shifts.csv"],
        },
        {
          name: "regress",
          args: ["regress", "--suite", target, "--baseline", "OUT/baseline.json", "--update-baseline", ...QUICK],
          compare: [],
        },
      ];
    case "run-settings":
      // fills, normalisations and configurations come from the settings file
      return [{ ...run, args: ["run", "--image", image, "--roi", roi, "--face-mask", face, "--out", "OUT/run", ...QUICK, "--no-renders", "--settings", target] }];
    case "features-settings":
      return [{ ...features, args: ["features", "--image", image, "--roi", roi, "--out", "OUT/features.csv", ...QUICK, "--settings", target] }];
    default:
      throw new Error(`no phantom commands for role ${role}`);
  }
}

/** The MR series (role series) or the CT series with its RTSTRUCT (role rtstruct). */
function dicomCommands(base: BaseName, role: Role, target: string): CommandLine[] {
  if (base === "mr-dicom") {
    const series = role === "series" ? target : "series";
    return [
      { name: "convert", args: ["convert", "--image", series, "--out", "OUT/image.nii.gz"], compare: ["image.nii.gz"] },
      {
        name: "features",
        args: ["features", "--image", series, "--roi", "roi.nii.gz", "--out", "OUT/features.csv", ...FEATURES_QUICK],
        compare: ["features.csv"],
      },
      {
        name: "deface",
        args: ["deface", "--image", series, "--face-mask", "face.nii.gz", "--fill", "min", "--out", "OUT/deface", "--deid-key", "fuzz"],
        compare: ["deface/defaced.nii.gz"],
      },
      {
        name: "run",
        args: ["run", "--image", series, "--roi", "roi.nii.gz", "--face-mask", "face.nii.gz", "--fill", "min", "--out", "OUT/run", ...QUICK, "--no-renders", "--discretisation", "fbn8", "--families", "intensity_statistics,glcm", "--normalisations", "none,zscore-global"],
        compare: ["run/features.csv", "run/shifts.csv"],
      },
    ];
  }
  const series = role === "series" ? target : "ctseries";
  const rs = role === "rtstruct" ? target : "rs.dcm";
  return [
    {
      name: "convert",
      args: ["convert", "--image", series, "--roi", rs, "--roi-name", "GTV-1", "--out", "OUT/image.nii.gz", "--roi-out", "OUT/roi.nii.gz"],
      compare: ["image.nii.gz", "roi.nii.gz"],
    },
    {
      name: "features",
      args: ["features", "--image", series, "--roi", rs, "--roi-name", "GTV-1", "--out", "OUT/features.csv", ...QUICK, "--families", "intensity_statistics"],
      compare: ["features.csv"],
    },
    {
      name: "run",
      args: ["run", "--image", series, "--roi", rs, "--roi-name", "GTV-1", "--face-mask", "face.nii.gz", "--fill", "min", "--out", "OUT/run", ...QUICK, "--no-renders", "--families", "intensity_statistics", "--normalisations", "none,zscore-global", "--modality", "ct"],
      compare: ["run/shifts.csv"],
    },
  ];
}

export function commandsFor(base: BaseName, role: Role, target: string): CommandLine[] {
  return base === "phantom" ? phantomCommands(role, target) : dicomCommands(base, role, target);
}
