/** Progress lines: every long operation reports what it did and how long it took. */

/** Receives progress lines. */
export type Log = (line: string) => void;

/** Progress to standard error, so it never mixes with a command's output. */
export function defaultLog(line: string): void {
  process.stderr.write(`[network] ${line}\n`);
}
