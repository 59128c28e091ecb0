import { startEmbeddedScenario } from './embedded-scenario';
import { startFabricScenario } from './fabric-scenario';
import { hostsGatewayOrganisation, startHostsScenario } from './hosts-scenario';
import { selectedLedger, type ScenarioLedger } from './scenario-ledger';

/**
 * A fresh ledger for one suite on the backend `LEDGER` selects: the embedded ledger, or a new
 * channel of the running Fabric network, which is the consortium run apart on separate hosts
 * when scripts/test-hosts.sh names the organisation whose gateway the sessions go through.
 * Unless `bootstrap` is false, the consortium is seeded on it.
 */
export function startScenario(options: { bootstrap?: boolean } = {}): Promise<ScenarioLedger> {
  if (selectedLedger() === 'embedded') {
    return startEmbeddedScenario(options);
  }
  const gatewayOrg = hostsGatewayOrganisation();
  return gatewayOrg === undefined
    ? startFabricScenario(options)
    : startHostsScenario(gatewayOrg, options);
}
