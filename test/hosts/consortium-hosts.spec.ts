/**
 * The consortium run apart (issue 23 item 5), on the hosts scripts/test-hosts.sh makes: every
 * organisation in its own network namespace, as its own Unix user, with only its own folder;
 * files pass only through the mailbox. The steps are the operator's runbook (docs/network.md):
 * four founders form the channel from their public definitions, Other Pharma joins the running
 * channel and trades, one host is cut off and comes back, Other Pharma is removed.
 *
 * Each step runs only if every step before it passed (the hosts' state is unknown after a
 * failure). After every step: no file in the mailbox holds a private key, and no organisation's
 * user can read another's folder.
 */
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { consortium } from '@packtrace/consortium';
import { gs1CheckDigit } from '@packtrace/gs1';
import { expiryMonthsAfter } from '../support/fixtures';
import {
  foldersReadableByOthers,
  hostOf,
  loadHosts,
  mailboxFiles,
  mailboxPrivateKeys,
  setLink,
  cli,
  cliOk,
} from './support/hosts';
import {
  CHANNEL,
  FOUNDERS,
  JOINER,
  PROPOSER,
  approveChaincode,
  buildGenesis,
  caughtUp,
  commitChaincode,
  eachAtOnce,
  eventually,
  gatewayOf,
  joinChannel,
  ordererHeight,
  peerHeight,
  registerParty,
  seedParties,
  setUpOrganisation,
  signUpdate,
  startGateway,
  startRunbook,
  submitUpdate,
} from './support/runbook';

const hosts = loadHosts();
const book = startRunbook(hosts);
const { files, timings } = book;

/** A GTIN-14 under a company prefix (item reference zero-padded), with its check digit. */
function gtinUnder(prefix: string, item: number): string {
  const body = `0${prefix}${String(item).padStart(12 - prefix.length, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

const EXPIRY = expiryMonthsAfter(new Date(), 24);
const OTHER = consortium.party('manufacturer2');
const JOINER_MSP = consortium.organisation(JOINER).mspId;
const ACME = consortium.party('manufacturer');
const DISTRIBUTOR = consortium.party('distributor');
const PHARMACY = consortium.party('pharmacy');
const OTHER_GTIN = gtinUnder(OTHER.companyPrefixes[0]!, 4711);
const ACME_GTIN = gtinUnder(ACME.companyPrefixes[0]!, 4712);
const RUN = Date.now().toString(36).toUpperCase();

interface Page<T> {
  items: T[];
}
interface Shipment {
  id: string;
  status: string;
}

let broken: string | undefined;

/** One runbook step: skipped (failing) once an earlier one failed; then the mailbox checks. */
function step(name: string, work: () => Promise<void>): void {
  test(name, async () => {
    if (broken !== undefined) throw new Error(`not run: the step '${broken}' failed`);
    try {
      await work();
      expect(await mailboxPrivateKeys(hosts)).toEqual([]);
      expect(await foldersReadableByOthers(hosts)).toEqual([]);
    } catch (error) {
      broken = name;
      throw error;
    }
  });
}

afterAll(() => {
  timings.write(join(hosts.root, 'test-output', 'hosts', 'timings.json'));
  process.stdout.write(`\nrunbook steps (${new Date().toISOString()}):\n${timings.table()}\n`);
});

/** Commissions packs of a product (registered first) through a gateway, as its user. */
async function commission(
  org: string,
  username: string,
  gtin: string,
  lot: string,
  serials: string[],
): Promise<void> {
  const gateway = gatewayOf(book, org);
  await gateway.call(username, 'POST', '/products', {
    gtin,
    name: `Hosts test product ${gtin}`,
    form: 'tablet',
    strength: '10 mg',
    packSize: 10,
  });
  await gateway.call(username, 'POST', '/batches', { gtin, lot, expiry: EXPIRY, serials });
}

/** Ships packs to a party through a gateway, as its user; answers the shipment. */
async function ship(
  org: string,
  username: string,
  toGln: string,
  gtin: string,
  serials: string[],
): Promise<Shipment> {
  return gatewayOf(book, org).call<Shipment>(username, 'POST', '/shipments', {
    to: toGln,
    items: serials.map((serial) => ({ type: 'pack', gtin, serial })),
  });
}

/** A party receives a shipment in full through its own organisation's gateway. */
async function receive(
  org: string,
  username: string,
  shipmentId: string,
  gtin: string,
  serials: string[],
): Promise<void> {
  const gateway = gatewayOf(book, org);
  const incoming = await gateway.call<Page<Shipment>>(
    username,
    'GET',
    '/shipments?direction=in&status=in_transit',
  );
  expect(incoming.items.map((shipment) => shipment.id)).toContain(shipmentId);
  const received = await gateway.call<Shipment>(
    username,
    'POST',
    `/shipments/${shipmentId}/receive`,
    { received: serials.map((serial) => ({ type: 'pack', gtin, serial })) },
  );
  expect(received.status).toBe('received');
}

/**
 * Packs travel from their manufacturer (through its organisation's gateway) to the
 * distributor and on to Central Pharmacy, each receiving through its own organisation's gateway.
 */
async function supplyPharmacy(
  org: string,
  username: string,
  gtin: string,
  serials: string[],
): Promise<void> {
  const toDistributor = await ship(org, username, DISTRIBUTOR.gln, gtin, serials);
  await receive('distributor', 'distributor', toDistributor.id, gtin, serials);
  const toPharmacy = await ship('distributor', 'distributor', PHARMACY.gln, gtin, serials);
  await receive('pharmacy', 'pharmacist', toPharmacy.id, gtin, serials);
}

/** A pharmacist verifies a pack through the pharmacy's gateway; answers verdict and reasons. */
async function verifyAtPharmacy(gtin: string, lot: string, serial: string): Promise<string> {
  const code = `(01)${gtin}(17)${EXPIRY}(10)${lot}(21)${serial}`;
  const answer = await gatewayOf(book, 'pharmacy').call<{
    verdict: string;
    reasons: { code: string }[];
  }>('pharmacist', 'POST', '/verify', { code });
  return [answer.verdict, ...answer.reasons.map((reason) => reason.code)].join(' ');
}

step('each founder sets up its organisation on its own host and mails its definition', async () => {
  await timings.measure('founders: init, start, export (at once, each on its host)', () =>
    eachAtOnce(FOUNDERS, (org) => setUpOrganisation(book, org)),
  );
  expect(await mailboxFiles(hosts)).toEqual(FOUNDERS.map((org) => `${org}.json`).sort());
  for (const org of FOUNDERS) {
    const definition = JSON.parse(readFileSync(files.definition(org), 'utf8')) as {
      mspId: string;
      consenter: boolean;
    };
    expect(definition).toMatchObject({
      mspId: consortium.organisation(org).mspId,
      consenter: true,
    });
  }
});

step('one founder builds the genesis block from the four definitions', async () => {
  await buildGenesis(book, 'regulator');
  expect(existsSync(files.genesis)).toBe(true);
});

step('each founder checks the block and joins its orderer and peer', async () => {
  await timings.measure('founders: org join (at once)', () =>
    eachAtOnce(FOUNDERS, (org) => joinChannel(book, org)),
  );
});

step('the chaincode definition commits once a MAJORITY of the founders approved it', async () => {
  await approveChaincode(book, 'regulator');
  await approveChaincode(book, 'manufacturer');
  const early = await commitChaincode(book, 'regulator');
  expect(early.code).toBe(1);
  expect(early.output).toContain('2 of 4 organisations approved; MAJORITY needs 3');
  await timings.measure('distributor, pharmacy: org approve (at once)', () =>
    eachAtOnce(['distributor', 'pharmacy'], (org) => approveChaincode(book, org)),
  );
  const commit = await timings.measure(`regulator: org commit ${CHANNEL}`, () =>
    commitChaincode(book, 'regulator'),
  );
  expect(commit.code).toBe(0);
});

step(
  "the regulator's gateway starts and the regulator registers the founders' parties",
  async () => {
    await startGateway(book, 'regulator');
    await seedParties(book, FOUNDERS);
    const parties = await gatewayOf(book, 'regulator').call<Page<{ gln: string }>>(
      'regulator',
      'GET',
      '/parties?pageSize=50',
    );
    const glns = parties.items.map((party) => party.gln);
    for (const party of consortium.parties.filter((p) => p.organisation.key !== JOINER)) {
      expect(glns).toContain(party.gln);
    }
    expect(glns).not.toContain(OTHER.gln);
  },
);

step("the other founders start their gateways; Acme Pharma's user trades", async () => {
  await timings.measure('manufacturer, distributor, pharmacy: org start gateway (at once)', () =>
    eachAtOnce(['manufacturer', 'distributor', 'pharmacy'], (org) => startGateway(book, org)),
  );
  const lot = `ACME-${RUN}`;
  await commission('manufacturer', 'manufacturer', ACME_GTIN, lot, ['A1', 'A2', 'A3']);
  await supplyPharmacy('manufacturer', 'manufacturer', ACME_GTIN, ['A1', 'A2']);
  expect(await verifyAtPharmacy(ACME_GTIN, lot, 'A1')).toBe('AUTHENTIC_ACTIVE');
  // Each organisation's own gateway, which holds no regulator account, answers the resolver and
  // a patient's check (no sign-in) as one of its own users.
  await gatewayOf(book, 'pharmacy').call('pharmacist', 'POST', `/packs/${ACME_GTIN}/A1/dispense`);
  const patient = await fetch(
    `${gatewayOf(book, 'pharmacy').origin}/api/v1/check/01/${ACME_GTIN}/21/A1?lot=${lot}`,
  );
  expect(patient.status).toBe(200);
  expect(((await patient.json()) as { status: string }).status).toBe('dispensed');
  const linkset = await fetch(
    `${gatewayOf(book, 'distributor').origin}/01/${ACME_GTIN}?linkType=all`,
  );
  expect(linkset.status).toBe(200);
  expect(linkset.headers.get('content-type')).toContain('application/linkset+json');
});

let joinStarted = 0;

step('Other Pharma sets up its organisation on its own host and mails its definition', async () => {
  await setUpOrganisation(book, JOINER);
  const definition = JSON.parse(readFileSync(files.definition(JOINER), 'utf8')) as {
    mspId: string;
    consenter: boolean;
  };
  expect(definition).toMatchObject({ mspId: 'OtherPharmaMSP', consenter: false });
});

step('a founder prepares the update adding Other Pharma', async () => {
  joinStarted = performance.now();
  await timings.measure(`${PROPOSER}: org propose-add ${JOINER}`, () =>
    cliOk(hosts, PROPOSER, [
      'org',
      PROPOSER,
      'propose-add',
      CHANNEL,
      files.definition(JOINER),
      files.addJoiner,
    ]),
  );
  expect(existsSync(files.addJoiner)).toBe(true);
});

let signing = 0;

step("the update is refused while it lacks a MAJORITY of the founders' admins", async () => {
  signing += (await signUpdate(book, 'regulator', files.addJoiner)).seconds;
  const early = await submitUpdate(book, PROPOSER, files.addJoiner);
  expect(early.code).toBe(1);
  expect(early.output).toContain('signed by 2 of 4 organisations; MAJORITY needs 3');
});

step('the other founders sign on their own hosts; the update is submitted', async () => {
  for (const org of ['distributor', 'pharmacy']) {
    const signed = await signUpdate(book, org, files.addJoiner);
    expect(signed.output).toContain(JOINER_MSP);
    signing += signed.seconds;
  }
  const submitted = await timings.measure(`${PROPOSER}: org submit (add ${JOINER})`, () =>
    submitUpdate(book, PROPOSER, files.addJoiner),
  );
  expect(submitted.code).toBe(0);
});

step('Other Pharma joins, catches up, approves and runs its chaincode and gateway', async () => {
  await joinChannel(book, JOINER);
  await caughtUp(book, JOINER, 'regulator');
  await approveChaincode(book, JOINER);
  await timings.measure(`${JOINER}: org start chaincode gateway`, () =>
    cliOk(hosts, JOINER, ['org', JOINER, 'start', 'chaincode', 'gateway']),
  );
});

step("the regulator registers Other Pharma's party; its user commissions and ships", async () => {
  await registerParty(book, 'manufacturer2');
  const lot = `OTHER-${RUN}`;
  await timings.measure('manufacturer2: first write (register a product)', async () => {
    await gatewayOf(book, JOINER).call('manufacturer2', 'POST', '/products', {
      gtin: OTHER_GTIN,
      name: 'Other Pharma hosts-test product',
      form: 'tablet',
      strength: '5 mg',
      packSize: 30,
    });
  });
  const joinSeconds = (performance.now() - joinStarted) / 1000 - signing;
  timings.steps.push({
    step: 'join: propose-add to first committed transaction, signing excluded',
    seconds: joinSeconds,
  });
  process.stdout.write(
    `[timing] join: ${joinSeconds.toFixed(1)} s (signing ${signing.toFixed(1)} s excluded)\n`,
  );
  await gatewayOf(book, JOINER).call('manufacturer2', 'POST', '/batches', {
    gtin: OTHER_GTIN,
    lot,
    expiry: EXPIRY,
    serials: ['O1', 'O2'],
  });
  await supplyPharmacy(JOINER, 'manufacturer2', OTHER_GTIN, ['O1', 'O2']);
  expect(await verifyAtPharmacy(OTHER_GTIN, lot, 'O1')).toBe('AUTHENTIC_ACTIVE');
});

const CUT = 'distributor';
const cutLot = `CUT-${RUN}`;
let shippedWhileCut: Shipment | undefined;

step("with the distributor's host cut off, writes commit and verifications answer", async () => {
  await setLink(hostOf(hosts, CUT), false);
  await timings.measure(`${CUT} cut off: first write (commission, Acme Pharma's gateway)`, () =>
    gatewayOf(book, 'manufacturer').call('manufacturer', 'POST', '/batches', {
      gtin: ACME_GTIN,
      lot: cutLot,
      expiry: EXPIRY,
      serials: ['C1'],
    }),
  );
  shippedWhileCut = await timings.measure(`${CUT} cut off: second write (ship to it)`, () =>
    ship('manufacturer', 'manufacturer', DISTRIBUTOR.gln, ACME_GTIN, ['C1']),
  );
  expect(await verifyAtPharmacy(ACME_GTIN, `ACME-${RUN}`, 'A2')).toBe('AUTHENTIC_ACTIVE');
  expect(await verifyAtPharmacy(OTHER_GTIN, `OTHER-${RUN}`, 'O2')).toBe('AUTHENTIC_ACTIVE');
  // Another organisation's peer may take a while to hold the block: a peer whose block source
  // was the cut-off orderer switches to another only after Fabric's BFT censorship timeout.
  const written = shippedWhileCut;
  await timings.measure(
    `${CUT} cut off: the shipment readable through the regulator's gateway`,
    () =>
      eventually(
        "the shipment in the pack's history at the regulator",
        async () => {
          const history = await gatewayOf(book, 'regulator').send(
            'regulator',
            'GET',
            `/packs/${ACME_GTIN}/C1/history`,
          );
          return history.status === 200 && JSON.stringify(history.body).includes(written.id);
        },
        60_000,
      ),
  );
  // The cut-off peer has missed those blocks (so catching up below is real).
  expect(await peerHeight(book, CUT)).toBeLessThan(await peerHeight(book, 'manufacturer'));
});

step(
  "the distributor's host back: its peer catches up and its gateway reads what was written",
  async () => {
    await setLink(hostOf(hosts, CUT), true);
    await timings.measure(`${CUT} back: its peer at the others' height`, () =>
      eventually(
        `${CUT}'s peer at the manufacturer's height`,
        async () => (await peerHeight(book, CUT)) >= (await peerHeight(book, 'manufacturer')),
        90_000,
      ),
    );
    // A peer at the others' height may still see none of their peers (gossip reconnects on its
    // own schedule), and until it does its gateway refuses writes: "no combination of peers
    // can be derived". Its operator waits for its own peer to be ready first.
    await timings.measure(`${CUT} back: its peer ready (org ready)`, () =>
      cliOk(hosts, CUT, ['org', CUT, 'ready', CHANNEL]),
    );
    await timings.measure(`${CUT} back: receives the shipment through its own gateway`, () =>
      receive('distributor', 'distributor', shippedWhileCut!.id, ACME_GTIN, ['C1']),
    );
  },
);

step('Other Pharma is removed: signed by a MAJORITY, submitted', async () => {
  await timings.measure(`${PROPOSER}: org propose-remove ${JOINER}`, () =>
    cliOk(hosts, PROPOSER, [
      'org',
      PROPOSER,
      'propose-remove',
      CHANNEL,
      JOINER,
      files.removeJoiner,
    ]),
  );
  for (const org of ['regulator', 'distributor']) {
    const signed = await signUpdate(book, org, files.removeJoiner);
    expect(signed.output).toContain(JOINER_MSP);
  }
  const submitted = await timings.measure(`${PROPOSER}: org submit (remove ${JOINER})`, () =>
    submitUpdate(book, PROPOSER, files.removeJoiner),
  );
  expect(submitted.code).toBe(0);
  // The removal takes effect once the ordering service has ordered it, which `submit` does not
  // wait for (a write sent at once still committed, twice). The regulator asks the channel's
  // latest configuration as an operator would: proposing the removal again is refused once
  // Other Pharma is no longer a member.
  const again = join(hosts.mailbox, `check-removed-${JOINER}.pb`);
  await timings.measure(
    `${JOINER} removed: no longer a member in the channel's configuration`,
    () =>
      eventually(
        `${JOINER} gone from the configuration of ${CHANNEL}`,
        async () => {
          const result = await cli(hosts, 'regulator', [
            'org',
            'regulator',
            'propose-remove',
            CHANNEL,
            JOINER,
            again,
          ]);
          return result.code === 1 && result.output.includes(`is not a member of ${CHANNEL}`);
        },
        60_000,
        1000,
      ),
  );
  // The remaining peers must hold the block too before they endorse again: a peer that has not
  // committed it still counts Other Pharma's peer among the endorsers, and a write it plans so
  // is invalidated at commit with ENDORSEMENT_POLICY_FAILURE (CI, 2026-12-08).
  // The orderer that answered the check holds it; the highest of the four is at least that one.
  const ordered = Math.max(...(await Promise.all(FOUNDERS.map((org) => ordererHeight(book, org)))));
  await timings.measure('the four remaining peers hold the removal', () =>
    eachAtOnce(FOUNDERS, (org) =>
      eventually(
        `${org}'s peer at the height of the removal (${ordered})`,
        async () => (await peerHeight(book, org)) >= ordered,
        60_000,
      ),
    ),
  );
});

step("Other Pharma's user is refused afterwards; the other four still write", async () => {
  const removedGtin = gtinUnder(OTHER.companyPrefixes[0]!, 4713);
  const refused = await gatewayOf(book, JOINER).send('manufacturer2', 'POST', '/products', {
    gtin: removedGtin,
    name: 'After removal',
    form: 'tablet',
    strength: '5 mg',
    packSize: 30,
  });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  const products = await gatewayOf(book, 'regulator').call<Page<{ gtin: string }>>(
    'regulator',
    'GET',
    `/products?manufacturer=${OTHER.gln}`,
  );
  const gtins = products.items.map((product) => product.gtin);
  expect(gtins).toContain(OTHER_GTIN);
  expect(gtins).not.toContain(removedGtin);
  // The four remaining organisations still write (MAJORITY is 3 of 4 again), without its peer.
  await gatewayOf(book, 'manufacturer').call('manufacturer', 'POST', '/batches', {
    gtin: ACME_GTIN,
    lot: `AFTER-${RUN}`,
    expiry: EXPIRY,
    serials: ['R1'],
  });
});
