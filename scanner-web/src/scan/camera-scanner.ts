import { h } from '../ui/dom';
import { readPackCode } from './barcode-reader';

/** Why the camera cannot be used. */
export type CameraProblem = 'denied' | 'unavailable';

/**
 * The camera preview and its scan loop: a few frames a second go to the decoder until a code
 * is read. It never acts on a code by itself; it hands it to `onCode` and pauses.
 */
export class CameraScanner {
  readonly element: HTMLElement;
  private readonly video = h('video', { playsinline: true, muted: true, 'aria-hidden': 'true' });
  private readonly canvas = document.createElement('canvas');
  private stream: MediaStream | undefined;
  private timer: number | undefined;
  private busy = false;

  constructor(
    private readonly onCode: (code: string) => void,
    private readonly onProblem: (problem: CameraProblem) => void,
  ) {
    this.element = h(
      'div',
      { class: 'camera' },
      this.video,
      h('div', { class: 'aim', 'aria-hidden': 'true' }),
    );
  }

  /** Asks for the camera (the browser shows its permission prompt) and starts scanning. */
  async start(): Promise<void> {
    if (navigator.mediaDevices?.getUserMedia === undefined) {
      this.onProblem('unavailable');
      return;
    }
    try {
      this.stream ??= await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment', width: { ideal: 1280 } },
        audio: false,
      });
    } catch (error) {
      this.onProblem(
        error instanceof DOMException && error.name === 'NotAllowedError'
          ? 'denied'
          : 'unavailable',
      );
      return;
    }
    this.video.srcObject = this.stream;
    await this.video.play();
    this.resume();
  }

  /** Scans again after a verdict has been dealt with. */
  resume(): void {
    this.pause();
    this.timer = window.setInterval(() => void this.tick(), 150);
  }

  pause(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    this.pause();
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = undefined;
  }

  private async tick(): Promise<void> {
    if (this.busy || this.video.videoWidth === 0) return;
    this.busy = true;
    try {
      const width = this.video.videoWidth;
      const height = this.video.videoHeight;
      this.canvas.width = width;
      this.canvas.height = height;
      const context = this.canvas.getContext('2d', { willReadFrequently: true });
      if (context === null) return;
      const capturedAt = performance.now();
      context.drawImage(this.video, 0, 0, width, height);
      const code = await readPackCode(context.getImageData(0, 0, width, height));
      if (code !== undefined && this.timer !== undefined) {
        this.pause();
        // User timing, for the benchmark and real-user monitoring: scan to verdict starts here.
        performance.mark('packtrace:code-read', { startTime: capturedAt });
        this.onCode(code);
      }
    } finally {
      this.busy = false;
    }
  }
}
