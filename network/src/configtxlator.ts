/**
 * configtxlator as a library: protobuf messages of channel configuration (blocks, configs,
 * updates, envelopes) to JSON and back, and the update between two configs. Each call works in
 * a scratch folder of its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './commands';
import { tool } from './fabric-binaries';

/** The protobuf message types the network translates. */
export type MessageType =
  'common.Block' | 'common.Config' | 'common.ConfigUpdate' | 'common.Envelope';

async function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'packtrace-configtx-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Decodes a protobuf message to its JSON form. */
export function decode(type: MessageType, message: Buffer): Promise<unknown> {
  return inScratch(async (dir) => {
    const input = join(dir, 'in.pb');
    const output = join(dir, 'out.json');
    writeFileSync(input, message);
    await runCommand(
      tool('configtxlator'),
      ['proto_decode', '--type', type, '--input', input, '--output', output],
      { what: `decoding a ${type}` },
    );
    return JSON.parse(readFileSync(output, 'utf8')) as unknown;
  });
}

/** Encodes a message's JSON form to protobuf. */
export function encode(type: MessageType, json: unknown): Promise<Buffer> {
  return inScratch(async (dir) => {
    const input = join(dir, 'in.json');
    const output = join(dir, 'out.pb');
    writeFileSync(input, JSON.stringify(json));
    await runCommand(
      tool('configtxlator'),
      ['proto_encode', '--type', type, '--input', input, '--output', output],
      { what: `encoding a ${type}` },
    );
    return readFileSync(output);
  });
}

/** The config update (protobuf) that turns `original` into `updated` (both common.Config JSON). */
export function computeUpdate(
  channel: string,
  original: unknown,
  updated: unknown,
): Promise<Buffer> {
  return inScratch(async (dir) => {
    const before = join(dir, 'original.pb');
    const after = join(dir, 'updated.pb');
    const output = join(dir, 'update.pb');
    writeFileSync(before, await encode('common.Config', original));
    writeFileSync(after, await encode('common.Config', updated));
    await runCommand(
      tool('configtxlator'),
      [
        'compute_update',
        '--channel_id',
        channel,
        '--original',
        before,
        '--updated',
        after,
        '--output',
        output,
      ],
      { what: `computing the configuration update of ${channel}` },
    );
    return readFileSync(output);
  });
}
