import type { DecommissionReason } from '../model/tracked-item';

/** CBV business step and disposition for each way a pack leaves circulation. */
export const DECOMMISSION_VOCABULARY: Readonly<
  Record<DecommissionReason, { bizStep: string; disposition: string }>
> = {
  dispensed: { bizStep: 'dispensing', disposition: 'dispensed' },
  destroyed: { bizStep: 'destroying', disposition: 'destroyed' },
  stolen: { bizStep: 'decommissioning', disposition: 'stolen' },
  exported: { bizStep: 'decommissioning', disposition: 'inactive' },
  sample: { bizStep: 'decommissioning', disposition: 'inactive' },
  free_sample: { bizStep: 'decommissioning', disposition: 'inactive' },
  locked: { bizStep: 'decommissioning', disposition: 'sellable_not_accessible' },
};
