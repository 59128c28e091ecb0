/** What a patient is told in each pack state, from the ledger's verdict (no ledger needed). */
import type { Verdict, VerdictReasonCode } from '@packtrace/chaincode/client';
import { NO_RECORD, patientAnswer } from '../src/patient-check';

const PRODUCT = {
  docType: 'product',
  gtin: '09506000134352',
  name: 'Paracetamol 500 mg',
  form: 'tablet',
  strength: '500 mg',
  packSize: 20,
  manufacturer: '9506000000015',
  registeredAt: '2026-01-01T00:00:00.000Z',
  txId: 't',
} as const;

function verdict(
  reasons: VerdictReasonCode[],
  pack: Verdict['pack'],
  product: Verdict['product'] = PRODUCT,
): Verdict {
  return {
    verdict: reasons.length === 0 ? 'AUTHENTIC_ACTIVE' : 'DO_NOT_SUPPLY',
    reasons: reasons.map((code) => ({ code, message: code, euAlert: null, raisesAlert: false })),
    code: { gtin: PRODUCT.gtin, serial: 'S', lot: null, expiry: null },
    product,
    batch: null,
    pack,
    checkedAt: '2026-12-07T10:00:00.000Z',
    checkedBy: 'x',
  };
}
const ACTIVE = { status: 'active', inactiveReason: null, inCallersCustody: false } as const;

describe('what a patient is told', () => {
  it('tells an unsold active pack exactly what it tells an unknown serial or product', () => {
    expect(patientAnswer(verdict([], ACTIVE))).toEqual(NO_RECORD);
    expect(patientAnswer(verdict(['UNKNOWN_SERIAL'], null))).toEqual(NO_RECORD);
    expect(patientAnswer(verdict(['UNKNOWN_PRODUCT'], null, null))).toEqual(NO_RECORD);
    expect(NO_RECORD.message).not.toMatch(/genuine|authentic|active/i);
  });

  it('always tells an expired pack, with the product', () => {
    expect(patientAnswer(verdict(['EXPIRED'], ACTIVE))).toMatchObject({
      status: 'expired',
      product: 'Paracetamol 500 mg',
    });
  });

  it('puts a recall before expiry, and an investigation before both', () => {
    expect(patientAnswer(verdict(['EXPIRED', 'BATCH_RECALLED'], ACTIVE)).status).toBe('recalled');
    const quarantined = { ...ACTIVE, status: 'quarantined' } as const;
    expect(patientAnswer(verdict(['BATCH_RECALLED'], quarantined)).status).toBe('do-not-use');
    const illegitimate = { ...ACTIVE, status: 'illegitimate' } as const;
    expect(patientAnswer(verdict(['ILLEGITIMATE'], illegitimate)).status).toBe('do-not-use');
  });

  it('tells the day a pack was dispensed, and other decommissionings as out of circulation', () => {
    const dispensed = { ...ACTIVE, status: 'inactive', inactiveReason: 'dispensed' } as const;
    expect(
      patientAnswer(verdict(['PACK_INACTIVE'], dispensed), {
        dispensedAt: '2026-11-30T09:15:00.000Z',
      }),
    ).toEqual({
      status: 'dispensed',
      message: 'Dispensed by a registered pharmacy on 2026-11-30.',
      product: 'Paracetamol 500 mg',
      dispensedOn: '2026-11-30',
    });
    const stolen = { ...ACTIVE, status: 'inactive', inactiveReason: 'stolen' } as const;
    expect(patientAnswer(verdict(['PACK_INACTIVE'], stolen)).status).toBe('out-of-circulation');
  });

  it('gives the leaflet link only with an answer that may name the product', () => {
    expect(
      patientAnswer(verdict(['EXPIRED'], ACTIVE), { leaflet: 'https://x.example/l' }),
    ).toMatchObject({ leaflet: 'https://x.example/l' });
    expect(patientAnswer(verdict([], ACTIVE), { leaflet: 'https://x.example/l' })).toEqual(
      NO_RECORD,
    );
  });
});
