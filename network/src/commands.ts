/**
 * Running the Fabric command-line tools. Every failure names the tool, its arguments and the
 * tail of what it printed, since that is usually the only clue.
 */
import { execFile } from 'node:child_process';

/** What a finished command printed. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runCommand}. */
export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kills the command after this long; Fabric's clients retry for minutes on their own. */
  readonly timeoutMs?: number;
  /** What the command is for, for the error message ("joining peer of pharmacy to t1"). */
  readonly what: string;
}

/** A failed command: the message says what failed; `output` keeps everything it printed. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/**
 * The part of a tool's output worth showing: its `Error:` lines (the Fabric CLI prints its usage
 * text after them, which would hide them), else its last lines.
 */
function tail(text: string, lines: number): string {
  const all = text.trim().split('\n');
  const errors = all.filter((line) => line.startsWith('Error:'));
  return (errors.length > 0 ? errors : all).slice(-lines).join('\n');
}

/** Runs a command to completion and resolves with its output; rejects with a {@link CommandError}. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandOutput> {
  const began = Date.now();
  const trace = process.env['NETWORK_TRACE'] !== undefined;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (trace) {
          // NETWORK_TRACE=1 shows every tool call with its duration, to find slow steps.
          process.stderr.write(`[trace] ${Date.now() - began} ms ${options.what}\n`);
        }
        if (error === null) {
          resolve({ stdout, stderr });
          return;
        }
        const printed = `${stdout}\n${stderr}`;
        const code = typeof error.code === 'number' ? error.code : null;
        const reason = error.killed ? 'timed out' : `exit code ${String(error.code)}`;
        reject(
          new CommandError(
            `${options.what} failed (${reason}): ${command} ${args.join(' ')}\n${tail(printed, 12)}`,
            printed,
            code,
          ),
        );
      },
    );
  });
}

/** Runs `work` over the items with at most `limit` at a time (2 cores: the tools are CPU-bound). */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `attempt` until it returns a value other than undefined, or throws after `timeoutMs`
 * with the last reason. Used to wait for things Fabric does asynchronously (gossip, catch-up).
 */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
  options: { intervalMs?: number; progress?: (line: string) => void } = {},
): Promise<T> {
  const began = Date.now();
  const deadline = began + timeoutMs;
  let nextReport = began + 10_000;
  let last = 'no answer yet';
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}: ${last}`,
      );
    }
    if (options.progress !== undefined && Date.now() > nextReport) {
      const seconds = Math.round((Date.now() - began) / 1000);
      options.progress(`still waiting for ${what} (${seconds} s): ${last}`);
      nextReport = Date.now() + 10_000;
    }
    await sleep(options.intervalMs ?? 250);
  }
}
