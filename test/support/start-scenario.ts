import { startEmbeddedScenario } from './embedded-scenario';
import { startFabricScenario } from './fabric-scenario';
import { selectedLedger, type ScenarioLedger } from './scenario-ledger';

/**
 * A fresh ledger for one suite on the backend `LEDGER` selects: the embedded ledger, or a new
 * channel of the running Fabric network. Unless `bootstrap` is false, the consortium is seeded on
 * it.
 */
export function startScenario(options: { bootstrap?: boolean } = {}): Promise<ScenarioLedger> {
  return selectedLedger() === 'fabric'
    ? startFabricScenario(options)
    : startEmbeddedScenario(options);
}
