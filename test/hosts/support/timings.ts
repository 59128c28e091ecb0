/**
 * How long each step of the runbook took, printed as it ends and kept for the runbook's table
 * (docs/network.md) and the join benchmark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One measured step. */
export interface Timing {
  readonly step: string;
  readonly seconds: number;
}

/** The steps measured so far, in order. */
export class Timings {
  readonly steps: Timing[] = [];

  /** Runs `work`, records how long it took under `step` (also when it fails) and prints it. */
  async measure<T>(step: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.steps.push({ step, seconds });
      process.stdout.write(`[timing] ${seconds.toFixed(1).padStart(6)} s  ${step}\n`);
    }
  }

  /** The seconds recorded under a step (the first such step); throws when none was. */
  of(step: string): number {
    const found = this.steps.find((timing) => timing.step === step);
    if (!found) throw new Error(`no step '${step}' was measured`);
    return found.seconds;
  }

  /** Writes the steps as JSON (with the machine's description) for the runbook's figures. */
  write(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ steps: this.steps }, null, 2)}\n`);
  }

  /** The table printed at the end of a run. */
  table(): string {
    return this.steps
      .map(({ step, seconds }) => `${seconds.toFixed(1).padStart(7)} s  ${step}`)
      .join('\n');
  }
}
