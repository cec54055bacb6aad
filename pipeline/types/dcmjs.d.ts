// Minimal typing for the parts of dcmjs (which ships no .d.ts) that pipeline/io/dicom uses.
declare module "dcmjs" {
  interface DicomElement {
    vr: string;
    Value?: unknown[];
    _rawValue?: unknown;
  }
  type DicomDataDict = Record<string, DicomElement>;
  class DicomDict {
    constructor(meta: DicomDataDict);
    meta: DicomDataDict;
    dict: DicomDataDict;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string | null; includeUntilTagValue?: boolean }): DicomDict;
      };
      DicomMetaDictionary: {
        naturalizeDataset(dict: DicomDataDict): Record<string, any>;
        denaturalizeDataset(ds: Record<string, any>): DicomDataDict;
        dictionary: Record<string, { tag: string; vr: string; name: string; vm: string }>;
        nameMap: Record<string, { tag: string; vr: string; name: string }>;
      };
    };
    log: {
      setLevel(level: string): void;
      getLoggers(): Record<string, { setLevel(level: string): void }>;
    };
  };
  export default dcmjs;
  export type { DicomElement, DicomDataDict };
}
