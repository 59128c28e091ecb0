/**
 * A lock between processes (several test workers may create channels at once, two terminals may
 * run `up`): a directory created atomically, holding the owner's PID so a lock left by a dead
 * process is taken over instead of blocking forever.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sleep } from './commands';

function ownerAlive(dir: string): boolean {
  try {
    const pid = Number(readFileSync(join(dir, 'owner'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but not ours. A missing owner file means it is being created right now.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EPERM' || code === 'ENOENT';
  }
}

/** Runs `work` holding the lock at `dir`; waits up to `timeoutMs` for another holder. */
export async function withLock<T>(
  dir: string,
  what: string,
  work: () => Promise<T>,
  timeoutMs = 300_000,
): Promise<T> {
  mkdirSync(dirname(dir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let staleChecks = 0;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'owner'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      // Checked twice in a row so an owner file being written is not mistaken for a dead owner.
      staleChecks = ownerAlive(dir) ? 0 : staleChecks + 1;
      if (staleChecks >= 2) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${what}: another process holds ${dir}; remove it if that process is gone`,
          {
            cause: error,
          },
        );
      }
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
