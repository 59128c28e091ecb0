import { followEvents } from '../api/event-stream';
import { h } from '../ui/dom';
import { alertsPanel } from './regulator/alerts-panel';
import { glancePanel } from './regulator/glance-panel';
import { partiesPanel } from './regulator/parties-panel';
import { partyNames } from './regulator/party-names';
import { patientLookupsPanel } from './regulator/patient-lookups-panel';
import { provenancePanel } from './regulator/provenance-panel';
import { traceRequestsPanel } from './regulator/trace-requests-panel';

/** Live alerts, provenance timelines, parties and counts at a glance. */
export function regulatorView(): { element: HTMLElement; dispose: () => void } {
  const names = partyNames();
  const glance = glancePanel();
  const alerts = alertsPanel(names, glance.showSummary);
  const provenance = provenancePanel(names);
  const parties = partiesPanel(names, alerts.renderReporters);
  const traces = traceRequestsPanel(names);
  const lookups = patientLookupsPanel();

  const stop = followEvents((event) => {
    if (event.type === 'PacksCommissioned')
      glance.live.packs += event.data.epcis[0]?.epcList?.length ?? 0;
    // A recorded scan is PackScanned, or AlertRaised with an inspecting step (flags hold instead).
    if (
      event.type === 'PackScanned' ||
      (event.type === 'AlertRaised' && event.data.epcis[0]?.bizStep === 'inspecting')
    )
      glance.live.scans += 1;
    if (event.type.startsWith('Alert') || event.type === 'ShipmentReceivedWithDiscrepancy')
      alerts.refresh();
    if (event.type.startsWith('Party')) parties.refresh();
    glance.render();
  }, glance.showConnected);
  void parties.load().then(() => {
    alerts.refresh();
    traces.refresh();
    lookups.refresh();
  });
  glance.render();
  return {
    element: h(
      'main',
      { id: 'main', class: 'regulator' },
      h('h1', {}, 'Oversight'),
      glance.element,
      alerts.element,
      provenance,
      traces.element,
      lookups.element,
      parties.element,
    ),
    dispose: stop,
  };
}
