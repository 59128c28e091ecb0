/**
 * A network's run folder as `org <org> init` leaves it, without a network: per organisation its
 * CA's root certificate and its consortium users' certificate and key files, with placeholder
 * PEMs (nothing here dials a node or checks a signature). For tests of which organisation's
 * files a client opens.
 */
import fs from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { consortium } from '@packtrace/consortium';
// The network's own layout, so the folder is where the network's code looks.
import { userMsp } from '../../network/src/crypto-material';
import { orgLayout } from '../../network/src/paths';
import { organisation } from '../../network/src/topology';

/** A temporary `NETWORK_DIR`, set in the environment until {@link NetworkFolder.remove}. */
export interface NetworkFolder {
  readonly dir: string;
  /** The folder of one organisation (`<dir>/<org>`). */
  organisationDir(orgKey: string): string;
  /** Deletes the folder and puts `NETWORK_DIR` back as it was. */
  remove(): Promise<void>;
}

function pem(label: string, body: string): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(body).toString('base64')}\n-----END ${label}-----\n`;
}

/**
 * Creates the folders of `orgKeys` (every organisation of the consortium by default) under a
 * new temporary folder and points `NETWORK_DIR` at it.
 */
export async function networkFolder(
  orgKeys: readonly string[] = consortium.organisations.map((org) => org.key),
): Promise<NetworkFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'packtrace-network-'));
  const before = process.env['NETWORK_DIR'];
  process.env['NETWORK_DIR'] = dir;
  const put = async (file: string, content: string) => {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content, { mode: 0o600 });
  };
  for (const orgKey of orgKeys) {
    await put(orgLayout(orgKey).caCert, pem('CERTIFICATE', `${orgKey} CA`));
    const users = consortium.users.filter((user) => user.party.organisation.key === orgKey);
    for (const { username } of users) {
      const msp = userMsp(organisation(orgKey), username);
      await put(msp.cert, pem('CERTIFICATE', username));
      await put(msp.key, pem('PRIVATE KEY', username));
    }
  }
  return {
    dir,
    organisationDir: (orgKey) => orgLayout(orgKey).root,
    remove: async () => {
      if (before === undefined) {
        delete process.env['NETWORK_DIR'];
      } else {
        process.env['NETWORK_DIR'] = before;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The paths files were opened or read at while it records. */
export interface FileReads {
  /** Every path read or opened so far, resolved. */
  paths(): string[];
  /** The recorded paths inside `dir` (a folder, compared after resolving). */
  under(dir: string): string[];
  stop(): void;
}

function pathOf(argument: unknown): string | undefined {
  if (typeof argument === 'string' || Buffer.isBuffer(argument)) {
    return resolve(argument.toString());
  }
  return argument instanceof URL ? resolve(argument.pathname) : undefined;
}

/**
 * Records every path Node's file-reading functions are called with in this test file's process
 * (sync, callback and promise forms; each still does its work), until `stop`.
 */
export function recordFileReads(): FileReads {
  const spies: jest.SpyInstance[] = [
    jest.spyOn(fs, 'readFileSync'),
    jest.spyOn(fs, 'readFile'),
    jest.spyOn(fs, 'openSync'),
    jest.spyOn(fs, 'open'),
    jest.spyOn(fs, 'createReadStream'),
    jest.spyOn(fs.promises, 'readFile'),
    jest.spyOn(fs.promises, 'open'),
  ];
  const paths = () =>
    spies
      .flatMap((spy) => spy.mock.calls.map((call: unknown[]) => pathOf(call[0])))
      .filter((path): path is string => path !== undefined);
  return {
    paths,
    under: (dir) => paths().filter((path) => path.startsWith(`${resolve(dir)}${sep}`)),
    stop: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
