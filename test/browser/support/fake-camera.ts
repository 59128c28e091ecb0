import { mkdir, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packLabelSvg } from '@packtrace/gateway-api';
import { parsePackCode } from '@packtrace/gs1';
import { PNG } from 'pngjs';
import { renderLabelPng } from '../../support/label-image';

const WIDTH = 640;
const HEIGHT = 480;
/** Share of the frame the label fills, as when a phone is held over a pack. */
const FILL = 0.9;

/**
 * A video file for Chromium's fake camera (--use-file-for-fake-video-capture) that films one
 * printed label: the label SVG exactly as the platform serves it (GET
 * /packs/{gtin}/{serial}/label.svg), quiet zone and text included, rendered to an image and
 * placed on a white frame as Y4M (4:2:0, full range), which Chromium plays in a loop. The page's
 * decoder sees what a phone camera pointed at a printed label would see.
 */
export async function cameraFilmingLabel(svg: string): Promise<string> {
  const directory = join(tmpdir(), 'packtrace-fake-camera');
  await mkdir(directory, { recursive: true });
  const file = join(
    directory,
    `${createHash('sha256').update(svg).digest('hex').slice(0, 16)}.y4m`,
  );
  const widthMm = Number(/width="([\d.]+)mm"/.exec(svg)?.[1]);
  const heightMm = Number(/height="([\d.]+)mm"/.exec(svg)?.[1]);
  const pixelsPerMm = Math.min((WIDTH * FILL) / widthMm, (HEIGHT * FILL) / heightMm);
  const png = PNG.sync.read(renderLabelPng(svg, pixelsPerMm));
  const left = Math.floor((WIDTH - png.width) / 2);
  const top = Math.floor((HEIGHT - png.height) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
  for (let y = 0; y < Math.min(png.height, HEIGHT - top); y += 1) {
    for (let x = 0; x < Math.min(png.width, WIDTH - left); x += 1) {
      const source = (y * png.width + x) * 4;
      const alpha = (png.data[source + 3] ?? 255) / 255;
      const lum =
        255 * (1 - alpha) +
        alpha *
          (0.299 * (png.data[source] ?? 255) +
            0.587 * (png.data[source + 1] ?? 255) +
            0.114 * (png.data[source + 2] ?? 255));
      luma[(top + y) * WIDTH + left + x] = Math.round(lum);
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
  return file;
}

/**
 * Films the label the platform prints for a pack code given in any GS1 form: the same label
 * renderer as the label route (`packLabelSvg`), so a code the ledger never issued (a fake
 * serial) is filmed on a label exactly like a genuine one. `gs1datamatrix` prints the GS1
 * DataMatrix label, `qrcode` the QR label with the GS1 Digital Link.
 */
export async function cameraFilming(
  symbology: 'gs1datamatrix' | 'qrcode',
  text: string,
): Promise<string> {
  return cameraFilmingLabel(
    packLabelSvg(parsePackCode(text), symbology === 'gs1datamatrix' ? 'datamatrix' : 'qr'),
  );
}
