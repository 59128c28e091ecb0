import { cbvTerm, glnOf, itemOfEpc } from '../src/epcis/epcis-identifiers';

describe('EPCIS identifiers read into the ledger’s keys', () => {
  it('reads SGTINs as GS1 Digital Link URIs on any host, or as EPC URNs (Tag Data Standard examples)', () => {
    expect(itemOfEpc('https://id.gs1.org/01/09506000134352/21/SN%2F1')).toEqual({
      type: 'pack',
      gtin: '09506000134352',
      serial: 'SN/1',
    });
    expect(itemOfEpc('https://example.com/01/09506000134352/10/L1/21/X1')).toEqual({
      type: 'pack',
      gtin: '09506000134352',
      serial: 'X1',
    });
    expect(itemOfEpc('urn:epc:id:sgtin:0614141.812345.6789')).toEqual({
      type: 'pack',
      gtin: '80614141123458',
      serial: '6789',
    });
  });

  it('reads SSCCs and GLNs in both forms', () => {
    expect(itemOfEpc('urn:epc:id:sscc:0614141.1234567890')).toEqual({
      type: 'container',
      sscc: '106141412345678908',
    });
    expect(itemOfEpc('https://id.gs1.org/00/095060000000000114')).toEqual({
      type: 'container',
      sscc: '095060000000000114',
    });
    expect(glnOf('urn:epc:id:sgln:0614141.12345.0')).toBe('0614141123452');
    expect(glnOf('urn:epc:id:pgln:0614141.12345')).toBe('0614141123452');
    expect(glnOf('https://id.gs1.org/414/9506000000022')).toBe('9506000000022');
  });

  it('refuses what names no valid item or party', () => {
    expect(itemOfEpc('https://id.gs1.org/01/09506000134353/21/X1')).toBeUndefined(); // check digit
    expect(itemOfEpc('urn:epc:id:sgtin:0614141.8123456.1')).toBeUndefined(); // 14 digits
    expect(itemOfEpc('urn:epc:id:grai:0614141.12345.1')).toBeUndefined();
    expect(glnOf('urn:epc:id:sgln:0614141.12345.400')).toBeUndefined(); // a sub-location
    expect(glnOf('https://id.gs1.org/00/095060000000000114')).toBeUndefined();
  });

  it('reads CBV terms bare, as URNs or as GS1 web URIs', () => {
    expect(cbvTerm('shipping')).toBe('shipping');
    expect(cbvTerm('urn:epcglobal:cbv:bizstep:shipping')).toBe('shipping');
    expect(cbvTerm('https://ref.gs1.org/cbv/BizStep-shipping')).toBe('shipping');
    expect(cbvTerm('urn:epcglobal:cbv:disp:in_transit')).toBe('in_transit');
  });
});
