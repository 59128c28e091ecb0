import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { CaseTimelineEntry } from '../model/alert-case';
import type { Alert } from '../model/alert';
import type { Product } from '../model/product';

/**
 * An alert as recorded. Those raised before alerts named their custodians carry none; those
 * raised before alerts were cases carry no state, root cause, manufacturers, timeline or
 * verification requests.
 */
export type RecordedAlert = Omit<
  Alert,
  'custodians' | 'state' | 'rootCause' | 'manufacturers' | 'timeline' | 'verificationRequests'
> &
  Partial<
    Pick<
      Alert,
      'custodians' | 'state' | 'rootCause' | 'manufacturers' | 'timeline' | 'verificationRequests'
    >
  >;

/**
 * Reads a recorded alert as a case (docs/decisions.md, 2026-12-07): an alert recorded before
 * cases is `new` while open and `closed` once resolved (confirmed: as confirmed falsification;
 * cleared: without a root cause), its timeline its raising and resolution, and its manufacturers
 * those of its packs' products as the ledger has them now. Nothing is written: a later step
 * writes the whole case.
 */
export async function asCase(ctx: TraceContext, recorded: RecordedAlert): Promise<Alert> {
  if (
    recorded.state !== undefined &&
    recorded.custodians !== undefined &&
    recorded.manufacturers !== undefined &&
    recorded.timeline !== undefined &&
    recorded.verificationRequests !== undefined &&
    recorded.rootCause !== undefined
  ) {
    return recorded as Alert;
  }
  const open = recorded.status === 'open';
  const raised: CaseTimelineEntry = {
    step: 'raise',
    from: null,
    to: 'new',
    by: recorded.raisedBy,
    as: ['raiser'],
    at: recorded.raisedAt,
    txId: recorded.txId,
    note: recorded.note,
    evidence: [],
  };
  const resolution = recorded.resolution;
  const timeline: CaseTimelineEntry[] =
    recorded.timeline === undefined
      ? [
          raised,
          ...(resolution === null
            ? []
            : [
                {
                  step: 'resolve' as const,
                  from: 'new' as const,
                  to: 'closed' as const,
                  by: resolution.by,
                  as: ['regulator' as const],
                  at: resolution.at,
                  txId: resolution.txId,
                  note: resolution.note,
                  evidence: [],
                },
              ]),
        ]
      : [...recorded.timeline];
  const makers = new Set<string>();
  if (recorded.manufacturers === undefined) {
    for (const ref of recorded.items) {
      if (ref.type === 'pack') {
        const product = await readRecord<Product>(ctx, Keys.product(ctx, ref.gtin));
        if (product !== undefined) {
          makers.add(product.manufacturer);
        }
      }
    }
  }
  return {
    ...recorded,
    custodians: recorded.custodians ?? [],
    state: recorded.state ?? (open ? 'new' : 'closed'),
    rootCause:
      recorded.rootCause ?? (recorded.status === 'confirmed' ? 'confirmed_falsification' : null),
    manufacturers: recorded.manufacturers ?? [...makers].sort(),
    timeline,
    verificationRequests: recorded.verificationRequests ?? [],
  };
}
