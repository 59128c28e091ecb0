import { parentPort } from 'node:worker_threads';
import { compileEpcisSchemaCheck, type SchemaIssue } from './schema-check';

/*
 * The worker thread that checks captured documents against GS1's EPCIS 2.0 schema, so that
 * the CPU a large document costs is never the event loop's (issue 20): the gateway keeps
 * answering everyone else, /healthz included, while a document is checked. The schema is
 * compiled here, once, when the worker starts.
 */

/** A document to check, with the id its answer carries. */
export interface SchemaCheckRequest {
  readonly id: number;
  readonly document: unknown;
}

/** The issues found in a document, or why it could not be checked. */
export type SchemaCheckAnswer =
  | { readonly id: number; readonly issues: SchemaIssue[] }
  | { readonly id: number; readonly failure: string };

const port = parentPort;
if (port !== null) {
  const check = compileEpcisSchemaCheck();
  port.on('message', ({ id, document }: SchemaCheckRequest) => {
    let answer: SchemaCheckAnswer;
    try {
      answer = { id, issues: check(document) };
    } catch (error) {
      answer = { id, failure: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
}
