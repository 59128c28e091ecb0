import { consortium } from '@packtrace/consortium';

/**
 * The key of the consortium's organisation with this MSP id, as the network names it.
 *
 * @throws Error when no organisation of the consortium has the MSP id
 */
export function organisationKey(mspId: string): string {
  const organisation = consortium.organisations.find((org) => org.mspId === mspId);
  if (organisation === undefined) {
    throw new Error(`no organisation of the consortium has MSP id ${mspId}`);
  }
  return organisation.key;
}
