import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../errors/api-error';
import { EPCIS_SCHEMA_FILE, type SchemaIssue } from './schema-check';
import type { SchemaCheckAnswer, SchemaCheckRequest } from './schema-worker';

export { EPCIS_SCHEMA_FILE, type SchemaIssue } from './schema-check';

/**
 * GS1's EPCIS 2.0 JSON Schema, from the copy shipped with the gateway (schemas/, with its source
 * and notice). Nothing is fetched: a gateway in a plant or a pharmacy may reach no registry.
 */
export async function loadEpcisSchema(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(EPCIS_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
}

/** How long one document's check may take before the worker is deemed stuck and replaced. */
const CHECK_TIMEOUT_MS = 60_000;

/**
 * Runs the worker's TypeScript source where there is no build (the test runner loads the
 * gateway from src): TypeScript's own transpiler, which the tests already depend on, turns each
 * `.ts` module into CommonJS as it is required. A built gateway runs the compiled worker and
 * never takes this path.
 */
const FROM_SOURCE = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const ts = require(workerData.typescript);
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  module._compile(outputText, filename);
};
require(workerData.entry);
`;

function startWorker(): Worker {
  if (__filename.endsWith('.ts')) {
    return new Worker(FROM_SOURCE, {
      eval: true,
      workerData: {
        entry: join(__dirname, 'schema-worker.ts'),
        typescript: require.resolve('typescript'),
      },
    });
  }
  return new Worker(join(__dirname, 'schema-worker.js'));
}

interface Pending {
  readonly resolve: (issues: SchemaIssue[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * The one worker thread of this process that checks documents, started on the first capture
 * and kept with its compiled schema; checks queue in it, one at a time. A worker that fails or
 * hangs fails the checks it holds and is replaced on the next one.
 */
class SchemaWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  check(document: unknown): Promise<SchemaIssue[]> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<SchemaIssue[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(worker, new Error(`the schema check took more than ${CHECK_TIMEOUT_MS} ms`));
      }, CHECK_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      // Held while it has work, so an answer is awaited even where nothing else is.
      worker.ref();
      worker.postMessage({ id, document } satisfies SchemaCheckRequest);
    });
  }

  private running(): Worker {
    if (this.worker !== undefined) {
      return this.worker;
    }
    const worker = startWorker();
    worker.on('message', (answer: SchemaCheckAnswer) => {
      const waiting = this.pending.get(answer.id);
      if (waiting === undefined) {
        return;
      }
      this.pending.delete(answer.id);
      clearTimeout(waiting.timer);
      if (this.pending.size === 0) {
        worker.unref();
      }
      if ('issues' in answer) {
        waiting.resolve(answer.issues);
      } else {
        waiting.reject(new Error(answer.failure));
      }
    });
    worker.on('error', (error: unknown) =>
      this.fail(worker, error instanceof Error ? error : new Error(String(error))),
    );
    worker.on('exit', (code) => this.fail(worker, new Error(`the schema worker exited (${code})`)));
    // An idle worker must not keep a stopping gateway (or a test run) alive. After the
    // listeners: attaching a 'message' listener refs the worker again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) {
      return;
    }
    this.worker = undefined;
    void worker.terminate();
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.pending.clear();
  }
}

const checks = new SchemaWorker();

/**
 * How a document breaks GS1's EPCIS 2.0 schema; empty when it is valid. The check runs in a
 * worker thread, so its CPU never holds up the gateway's other requests. Bound a document's
 * lists first (capture-bounds.ts): the worker checks one document at a time.
 */
export async function epcisSchemaIssues(document: unknown): Promise<SchemaIssue[]> {
  try {
    return await checks.check(document);
  } catch (error) {
    // The cause goes to the gateway's log with the 503, not to the caller.
    throw Object.assign(
      new ApiError(
        503,
        'SCHEMA_CHECK_UNAVAILABLE',
        'the document could not be checked against GS1’s EPCIS 2.0 schema just now; nothing was recorded, post it again',
        undefined,
        1,
      ),
      { cause: error },
    );
  }
}
