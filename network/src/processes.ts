/**
 * Supervision of the network's processes: start detached with the output in a log file and the
 * PID in a file, check them by that PID (and the process's command and working directory, so a
 * reused PID is never mistaken for ours), stop them by that PID. Never by name.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { sleep } from './commands';

/** Everything needed to start, recognise, probe and stop one long-running process. */
export interface ProcessSpec {
  /** For messages, e.g. "peer of pharmacy". */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Working directory; unique per process, which is how a PID is recognised as ours. */
  readonly cwd: string;
  readonly logFile: string;
  readonly pidFile: string;
  /** Resolves true once the process serves requests. */
  readonly healthy: () => Promise<boolean>;
  readonly startTimeoutMs: number;
}

function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

function isOurs(spec: ProcessSpec, pid: number): boolean {
  const state = processState(pid);
  if (state === undefined || state === 'Z' || state === 'X') {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(spec.command) && readlinkSync(`/proc/${pid}/cwd`) === spec.cwd;
  } catch {
    return false;
  }
}

/** The recorded PID if that process is still ours and alive. */
export function runningPid(spec: ProcessSpec): number | undefined {
  if (!existsSync(spec.pidFile)) {
    return undefined;
  }
  const pid = Number(readFileSync(spec.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isOurs(spec, pid) ? pid : undefined;
}

function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitHealthy(
  spec: ProcessSpec,
  pid: number,
  exited: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + spec.startTimeoutMs;
  while (!(await spec.healthy())) {
    const reason = exited();
    if (reason !== undefined) {
      throw new Error(
        `${spec.name} stopped while starting (${reason}); log ${spec.logFile}:\n${logTail(spec.logFile)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${spec.name} (PID ${pid}) is not healthy ${spec.startTimeoutMs / 1000} s after ` +
          `starting; log ${spec.logFile}:\n${logTail(spec.logFile)}`,
      );
    }
    await sleep(100);
  }
}

/** The outcome of {@link startProcess}. */
export interface Started {
  readonly pid: number;
  /** False when it was already running. */
  readonly started: boolean;
}

/** Starts the process unless it runs already, then waits until it is healthy. */
export async function startProcess(spec: ProcessSpec): Promise<Started> {
  const running = runningPid(spec);
  if (running !== undefined) {
    await waitHealthy(spec, running, () => undefined);
    return { pid: running, started: false };
  }
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  mkdirSync(spec.cwd, { recursive: true });
  const log = openSync(spec.logFile, 'a');
  writeSync(log, `\n==== ${new Date().toISOString()} starting ${spec.name}\n`);
  let exited: string | undefined;
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.on('exit', (code, signal) => {
      exited = signal ?? `exit code ${String(code)}`;
    });
    child.on('error', (error) => {
      exited = error.message;
    });
    child.unref();
    if (child.pid === undefined) {
      await sleep(50);
      throw new Error(`could not start ${spec.name}: ${exited ?? 'no PID'} (${spec.command})`);
    }
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    await waitHealthy(spec, child.pid, () => exited);
    return { pid: child.pid, started: true };
  } finally {
    closeSync(log);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone between the check and the signal: that is what we wanted.
  }
}

/**
 * Stops the process by its recorded PID: SIGTERM, then SIGKILL after `graceMs`; resolves once
 * it is gone. Returns false if it was not running.
 */
export async function stopProcess(spec: ProcessSpec, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(spec);
  if (pid === undefined) {
    rmSync(spec.pidFile, { force: true });
    return false;
  }
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isOurs(spec, pid)) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL');
    }
    await sleep(50);
  }
  rmSync(spec.pidFile, { force: true });
  return true;
}
