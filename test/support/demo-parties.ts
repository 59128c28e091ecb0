import { gs1CheckDigit } from '@packtrace/gs1';

/** A GLN-13 with its check digit, from 12 digits. */
export function gln(first12: string): string {
  return first12 + String(gs1CheckDigit(first12));
}

/** A GTIN-14 with its check digit, from 13 digits. */
export function gtin(first13: string): string {
  return first13 + String(gs1CheckDigit(first13));
}

/** An SSCC-18 with its check digit, from 17 digits. */
export function sscc(first17: string): string {
  return first17 + String(gs1CheckDigit(first17));
}

/** The users of the scenario network: one organisation per party type, plus a second pharmacy. */
export const PARTIES = {
  regulator: {
    mspId: 'RegulatorMSP',
    role: 'regulator',
    gln: gln('950600000001'),
    name: 'National Medicines Agency',
  },
  manufacturer: {
    mspId: 'ManufacturerMSP',
    role: 'manufacturer',
    gln: gln('950600000002'),
    name: 'Acme Pharma',
    prefixes: ['9506000'],
  },
  distributor: {
    mspId: 'DistributorMSP',
    role: 'distributor',
    gln: gln('950600000003'),
    name: 'Medi Wholesale',
  },
  pharmacy: {
    mspId: 'PharmacyMSP',
    role: 'pharmacy',
    gln: gln('950600000004'),
    name: 'Central Pharmacy',
  },
  pharmacy2: {
    mspId: 'PharmacyMSP',
    role: 'pharmacy',
    gln: gln('950600000005'),
    name: 'Harbour Pharmacy',
  },
  manufacturer2: {
    mspId: 'ManufacturerMSP',
    role: 'manufacturer',
    gln: gln('950600000006'),
    name: 'Other Pharma',
    prefixes: ['9506001'],
  },
} as const;

export type PartyName = keyof typeof PARTIES;

/** GS1's example GTIN, under the demo manufacturer's company prefix 9506000. */
export const GTIN = '09506000134352';
