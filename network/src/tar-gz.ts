/**
 * A minimal writer of gzipped ustar archives, enough for chaincode packages (a few small regular
 * files). Written here rather than shelling out to tar so the bytes, and so the package id,
 * depend only on the contents: fixed mtime, owner and mode.
 */
import { gzipSync } from 'node:zlib';

/** One regular file of the archive. */
export interface TarEntry {
  readonly name: string;
  readonly content: Buffer;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntry): Buffer {
  if (Buffer.byteLength(entry.name) > 100) {
    throw new Error(`tar entry name too long: ${entry.name}`);
  }
  const block = Buffer.alloc(512);
  block.write(entry.name, 0, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(entry.content.length, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) {
    sum += byte;
  }
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** A .tar.gz holding the entries, byte-for-byte the same for the same entries. */
export function tarGz(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.content);
    const padding = (512 - (entry.content.length % 512)) % 512;
    parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}
