/** The patient check's settings, read from the environment and checked at start-up. */
import { loadConfig } from '../src/config/gateway-config';

describe('the patient check’s settings', () => {
  it('default to 30 checks per address a minute, the regulator account and no home country', () => {
    expect(loadConfig({})).toMatchObject({
      patientCheckRatePerMinute: 30,
      patientCheckReader: undefined,
      patientCheckHomeCountry: undefined,
    });
  });

  it('are read from the environment', () => {
    expect(
      loadConfig({
        PATIENT_CHECK_RATE_PER_MINUTE: '12',
        PATIENT_CHECK_READER: 'patient-desk',
        PATIENT_CHECK_COUNTRY: 'GB',
      }),
    ).toMatchObject({
      patientCheckRatePerMinute: 12,
      patientCheckReader: 'patient-desk',
      patientCheckHomeCountry: 'GB',
    });
  });

  it('refuse a country that is not an ISO 3166 alpha-2 code, naming the variable', () => {
    expect(() => loadConfig({ PATIENT_CHECK_COUNTRY: 'Britain' })).toThrow(/PATIENT_CHECK_COUNTRY/);
  });
});
