import { MULTIPLANAR_TYPE, Niivue, SHOW_RENDER, SLICE_TYPE } from "@niivue/niivue";
import type { ViewVolumes } from "./worker/protocol.js";

/**
 * The head before and after defacing in two niivue views side by side: three planes through the
 * ROI's centre and the 3D render of the skin (the grey window starts at the skin's intensity, so the
 * render shows the surface the defacing cut), the face mask in red and the ROI in green on both.
 * Volumes come as NIfTI bytes from the run worker, through blob: URLs.
 */
export class DefacingViewer {
  private readonly before: Niivue;
  private readonly after: Niivue;
  private readonly ready: Promise<unknown>;
  private urls: string[] = [];

  constructor(beforeCanvas: HTMLCanvasElement, afterCanvas: HTMLCanvasElement) {
    const options = {
      backColor: [0.07, 0.08, 0.1, 1] as [number, number, number, number],
      crosshairColor: [0.3, 0.7, 1, 0.7],
      crosshairWidth: 0.5,
      show3Dcrosshair: false,
      isColorbar: false,
      multiplanarLayout: MULTIPLANAR_TYPE.GRID,
      multiplanarShowRender: SHOW_RENDER.ALWAYS,
      loglevel: "error" as const,
    };
    this.before = new Niivue(options);
    this.after = new Niivue(options);
    this.ready = Promise.all([this.before.attachToCanvas(beforeCanvas), this.after.attachToCanvas(afterCanvas)]).then(() => {
      for (const nv of [this.before, this.after]) nv.setSliceType(SLICE_TYPE.MULTIPLANAR);
    });
  }

  async show(v: ViewVolumes): Promise<void> {
    await this.ready;
    for (const u of this.urls) URL.revokeObjectURL(u);
    this.urls = [];
    const url = (bytes: Uint8Array) => {
      const u = URL.createObjectURL(new Blob([bytes as BlobPart]));
      this.urls.push(u);
      return u;
    };
    const [lo, hi] = v.window;
    const overlays = [
      { url: url(v.faceMask), name: "face_mask.nii", colormap: "red", opacity: 0.45, cal_min: 0.5, cal_max: 1 },
      { url: url(v.roi), name: "roi.nii", colormap: "green", opacity: 0.8, cal_min: 0.5, cal_max: 1 },
    ];
    const base = (bytes: Uint8Array, name: string) => ({ url: url(bytes), name, colormap: "gray", cal_min: lo, cal_max: hi > lo ? hi : lo + 1 });
    await this.before.loadVolumes([base(v.image, "image.nii"), ...overlays]);
    await this.after.loadVolumes([base(v.defaced, `${v.condition}.nii`), ...overlays]);
    for (const nv of [this.before, this.after]) {
      nv.scene.crosshairPos = [...v.focus];
      nv.setRenderAzimuthElevation(110, 10); // the face seen from the front and the side
      nv.drawScene();
    }
  }
}
