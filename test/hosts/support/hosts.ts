/**
 * The hosts scripts/test-hosts.sh made (one network namespace, address, Unix user and data
 * folder per organisation, and the shared mailbox), and how an organisation's operator runs a
 * command on its own host: inside its namespace, as its own user, with only its own folder as
 * NETWORK_DIR.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One organisation's host. */
export interface Host {
  /** The organisation's key in consortium.json. */
  readonly org: string;
  /** Its network namespace. */
  readonly namespace: string;
  /** The Unix user its processes run as. */
  readonly user: string;
  /** Its address on the bridge (what the others dial, and what its certificates carry). */
  readonly address: string;
  /** Its end of the link in the root namespace (set down to cut the host off). */
  readonly link: string;
  /** Its data folder, NETWORK_DIR of its commands (0700, its user's). */
  readonly dir: string;
}

/** The machine's hosts, as scripts/test-hosts.sh describes them in PACKTRACE_HOSTS_FILE. */
export interface Hosts {
  readonly byOrg: ReadonlyMap<string, Host>;
  /** The one folder files pass through between hosts. */
  readonly mailbox: string;
  /** The Node.js every host runs (the project's pinned one). */
  readonly node: string;
  /** The repository's root (read-only for the hosts' users). */
  readonly root: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `${name} is not set: this test runs only under scripts/test-hosts.sh (npm run test:hosts), which makes the hosts`,
    );
  }
  return value;
}

/** Reads the hosts scripts/test-hosts.sh made. */
export function loadHosts(): Hosts {
  const lines = readFileSync(required('PACKTRACE_HOSTS_FILE'), 'utf8').split('\n');
  const byOrg = new Map<string, Host>();
  for (const line of lines.filter((text) => text.trim() !== '')) {
    const [org, namespace, user, address, link, dir] = line.split(' ');
    if (!org || !namespace || !user || !address || !link || !dir) {
      throw new Error(`unreadable hosts line: ${line}`);
    }
    byOrg.set(org, { org, namespace, user, address, link, dir });
  }
  return {
    byOrg,
    mailbox: required('PACKTRACE_HOSTS_MAILBOX'),
    node: required('PACKTRACE_HOSTS_NODE'),
    root: required('PACKTRACE_HOSTS_ROOT'),
  };
}

/** The host of one organisation; throws naming it when there is none. */
export function hostOf(hosts: Hosts, org: string): Host {
  const host = hosts.byOrg.get(org);
  if (!host) throw new Error(`no host for organisation ${org}`);
  return host;
}

/** What a command printed and how long it took. */
export interface CommandResult {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Runs a process to its end, echoing its lines with a prefix; never throws on a failure code. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly prefix: string; readonly cwd?: string; readonly quiet?: boolean },
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      if (!options.quiet) {
        for (const line of text.split('\n').filter((l) => l !== '')) {
          process.stdout.write(`${options.prefix} ${line}\n`);
        }
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

/**
 * The command line that runs `argv` on an organisation's host: inside its namespace, as its own
 * user (its own group and the mailbox's), with a clean environment naming only its own folder.
 * umask 002 lets the other organisations' users sign an update file in the mailbox in place.
 */
export function onHostArgv(
  hosts: Hosts,
  host: Host,
  argv: readonly string[],
  extraEnv: Readonly<Record<string, string>> = {},
): string[] {
  const env = {
    PATH: `${join(hosts.root, 'node_modules', '.bin')}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`,
    HOME: host.dir,
    NETWORK_DIR: host.dir,
    NETWORK_HOSTS: `${host.org}=${host.address}`,
    DEMO_PASSWORD: process.env['DEMO_PASSWORD'] ?? '',
    ...extraEnv,
  };
  return [
    'netns',
    'exec',
    host.namespace,
    'setpriv',
    `--reuid=${host.user}`,
    `--regid=${host.user}`,
    '--init-groups',
    'env',
    '-i',
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    'sh',
    '-c',
    'umask 002 && exec "$@"',
    'on-host',
    ...argv,
  ];
}

/**
 * Runs the network CLI (`node network/dist/cli.js ...`) on an organisation's host; `quiet`
 * keeps its lines out of the test's output (they are still in the result).
 */
export async function cli(
  hosts: Hosts,
  org: string,
  args: readonly string[],
  extraEnv: Readonly<Record<string, string>> = {},
  options: { readonly quiet?: boolean } = {},
): Promise<CommandResult> {
  const host = hostOf(hosts, org);
  return runProcess(
    'ip',
    onHostArgv(
      hosts,
      host,
      [hosts.node, join(hosts.root, 'network', 'dist', 'cli.js'), ...args],
      extraEnv,
    ),
    { prefix: `[${org}]`, quiet: options.quiet === true },
  );
}

/** Like {@link cli}, but a failure code is an error quoting the command and its last lines. */
export async function cliOk(
  hosts: Hosts,
  org: string,
  args: readonly string[],
  extraEnv: Readonly<Record<string, string>> = {},
  options: { readonly quiet?: boolean } = {},
): Promise<CommandResult> {
  const result = await cli(hosts, org, args, extraEnv, options);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${org}: 'cli ${args.join(' ')}' exited ${result.code}:\n${tail}`);
  }
  return result;
}

/** Files of the mailbox that contain a private key (PEM "PRIVATE KEY", in any file, binary too). */
export async function mailboxPrivateKeys(hosts: Hosts): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if ((await readFile(path)).includes('PRIVATE KEY')) found.push(path);
    }
  };
  await walk(hosts.mailbox);
  return found;
}

/** The names of the mailbox's files. */
export async function mailboxFiles(hosts: Hosts): Promise<string[]> {
  return (await readdir(hosts.mailbox)).sort();
}

/**
 * Every pair (reader, owner) where one organisation's user could list or read inside another's
 * data folder: it should be none.
 */
export async function foldersReadableByOthers(hosts: Hosts): Promise<string[]> {
  const breaches: string[] = [];
  const hostList = [...hosts.byOrg.values()];
  for (const reader of hostList) {
    const probes = hostList
      .filter((owner) => owner !== reader)
      .map((owner) => `ls -A '${owner.dir}' >/dev/null 2>&1 && echo '${owner.org}'`)
      .join('; ');
    const result = await runProcess(
      'setpriv',
      [
        `--reuid=${reader.user}`,
        `--regid=${reader.user}`,
        '--init-groups',
        'sh',
        '-c',
        `${probes}; true`,
      ],
      { prefix: `[${reader.org}]`, quiet: true },
    );
    for (const owner of result.output.split('\n').filter((line) => line !== '')) {
      breaches.push(`${reader.org} reads ${owner}'s folder`);
    }
  }
  return breaches;
}

/** Cuts a host off the bridge (its link down) or brings it back. */
export async function setLink(host: Host, up: boolean): Promise<void> {
  const result = await runProcess('ip', ['link', 'set', host.link, up ? 'up' : 'down'], {
    prefix: `[${host.org}]`,
  });
  if (result.code !== 0) throw new Error(`ip link set ${host.link}: ${result.output}`);
}
