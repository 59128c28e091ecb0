import { setImmediate as nextTurn } from 'node:timers/promises';
import { Gs1Error, validateSerial } from '@packtrace/gs1';
import {
  MAX_ISSUES_LISTED,
  validationFailure,
  type ValidationIssue,
} from '../errors/validation-failure';

/**
 * Serials checked between two turns of the event loop: a million take seconds to check, and
 * meanwhile every other request (a pharmacist's verification, `/healthz`) would wait.
 */
const SERIALS_PER_TURN = 5_000;

/**
 * Checks each serial of a commissioning request against the GS1 rules, yielding the event loop
 * between slices. Refuses with `VALIDATION_FAILED` listing the first bad serials and how many
 * there were in all.
 */
export async function validateSerials(values: readonly unknown[]): Promise<string[]> {
  const serials: string[] = [];
  const issues: ValidationIssue[] = [];
  let invalid = 0;
  for (let start = 0; start < values.length; start += SERIALS_PER_TURN) {
    if (start > 0) {
      await nextTurn();
    }
    const end = Math.min(values.length, start + SERIALS_PER_TURN);
    for (let index = start; index < end; index += 1) {
      const checked = checkSerial(values[index]);
      if (checked.serial !== undefined) {
        serials.push(checked.serial);
        continue;
      }
      invalid += 1;
      if (issues.length < MAX_ISSUES_LISTED) {
        issues.push({ where: 'body', path: `serials.${index}`, message: checked.problem });
      }
    }
  }
  if (invalid > 0) {
    throw validationFailure('body', issues, invalid);
  }
  return serials;
}

function checkSerial(
  value: unknown,
): { serial: string; problem?: undefined } | { serial?: undefined; problem: string } {
  if (typeof value !== 'string') {
    return { problem: 'a serial must be a string' };
  }
  try {
    return { serial: validateSerial(value) };
  } catch (error) {
    return { problem: error instanceof Gs1Error ? error.message : 'invalid serial' };
  }
}
