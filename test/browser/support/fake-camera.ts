import { mkdir, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bwipjs from 'bwip-js';
import { PNG } from 'pngjs';

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A video file for Chromium's fake camera (--use-file-for-fake-video-capture) that films one
 * real barcode: bwip-js draws the GS1 DataMatrix or QR code, and it is placed on a white frame
 * as Y4M (4:2:0, full range), which Chromium plays in a loop. The page's decoder sees what a
 * phone camera pointed at a printed label would see.
 */
export async function cameraFilming(
  symbology: 'gs1datamatrix' | 'qrcode',
  text: string,
): Promise<string> {
  const directory = join(tmpdir(), 'packtrace-fake-camera');
  await mkdir(directory, { recursive: true });
  const file = join(
    directory,
    `${createHash('sha256')
      .update(symbology + text)
      .digest('hex')
      .slice(0, 16)}.y4m`,
  );
  const png = PNG.sync.read(
    await bwipjs.toBuffer({
      bcid: symbology,
      text,
      scale: 1,
      paddingwidth: 0,
      paddingheight: 0,
      backgroundcolor: 'FFFFFF',
    }),
  );
  const scale = Math.floor(Math.min((WIDTH * 0.6) / png.width, (HEIGHT * 0.6) / png.height));
  const left = Math.floor((WIDTH - png.width * scale) / 2);
  const top = Math.floor((HEIGHT - png.height * scale) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
  for (let y = 0; y < png.height * scale; y += 1) {
    for (let x = 0; x < png.width * scale; x += 1) {
      const source = (Math.floor(y / scale) * png.width + Math.floor(x / scale)) * 4;
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
