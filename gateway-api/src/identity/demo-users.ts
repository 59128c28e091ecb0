import { gs1CheckDigit } from '@packtrace/gs1';
import type { PartyRole } from '@packtrace/chaincode';

/** A demo user and the party (organisation) it acts for. */
export interface DemoUser {
  readonly username: string;
  readonly role: PartyRole;
  readonly mspId: string;
  readonly gln: string;
  readonly partyName: string;
  readonly companyPrefixes: readonly string[];
}

const gln = (first12: string) => first12 + String(gs1CheckDigit(first12));

/**
 * One demo user per role. The manufacturer owns GS1 company prefix 9506000, so GS1's example
 * GTIN 09506000134352 can be registered as its product.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'regulator',
    role: 'regulator',
    mspId: 'RegulatorMSP',
    gln: gln('950600000001'),
    partyName: 'National Medicines Agency',
    companyPrefixes: [],
  },
  {
    username: 'manufacturer',
    role: 'manufacturer',
    mspId: 'ManufacturerMSP',
    gln: gln('950600000002'),
    partyName: 'Acme Pharma',
    companyPrefixes: ['9506000'],
  },
  {
    username: 'distributor',
    role: 'distributor',
    mspId: 'DistributorMSP',
    gln: gln('950600000003'),
    partyName: 'Medi Wholesale',
    companyPrefixes: [],
  },
  {
    username: 'pharmacist',
    role: 'pharmacy',
    mspId: 'PharmacyMSP',
    gln: gln('950600000004'),
    partyName: 'Central Pharmacy',
    companyPrefixes: [],
  },
];
