import { validateCompanyPrefix, validateGln } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { historyEntry, emitEvent } from '../domain/ledger-events';
import { newParty, requireParty } from '../domain/parties';
import { authorise, certifiedCaller, checkRole } from '../identity/caller';
import { gs1, parseJsonArgument, requireOneOf, requireText } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { pageOfKeys, parsePageSize, type Page } from '../ledger/pagination';
import { readRecord, writeRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import { PARTY_ROLES, type Party } from '../model/party';
import { TraceContract } from './trace-contract';

const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Trading partners and the regulator: who may take part, in which role. */
export class PartyContract extends TraceContract {
  constructor() {
    super('parties');
  }

  /**
   * Registers the calling regulator as the first party. Runs once per channel; afterwards only
   * a regulator may register parties.
   */
  @Transaction()
  @Returns('string')
  async Bootstrap(ctx: TraceContext, name: string): Promise<string> {
    const caller = certifiedCaller(ctx);
    checkRole(caller, 'Bootstrap');
    const partyName = requireText(name, 'name', 200);
    if ((await readRecord(ctx, Keys.governance(ctx))) !== undefined) {
      throw new ChaincodeRefusal(
        'ALREADY_BOOTSTRAPPED',
        'the ledger already has its first regulator',
      );
    }
    const entry = historyEntry(ctx, caller.gln, {
      action: 'registered',
      bizStep: 'registering',
      disposition: 'active',
    });
    const party = newParty(
      {
        gln: caller.gln,
        name: partyName,
        role: 'regulator',
        mspId: caller.mspId,
        companyPrefixes: [],
      },
      entry,
    );
    await writeRecord(ctx, Keys.governance(ctx), {
      regulator: caller.gln,
      mspId: caller.mspId,
      at: entry.at,
    });
    await writeRecord(ctx, Keys.party(ctx, party.gln), party);
    emitEvent(ctx, {
      type: 'PartyRegistered',
      by: caller.gln,
      parties: [caller.gln],
      epcis: [],
      subject: { gln: party.gln },
    });
    return this.result(party);
  }

  /** Registers a trading partner (or another regulator) under its organisation's MSP. */
  @Transaction()
  @Returns('string')
  async RegisterParty(
    ctx: TraceContext,
    gln: string,
    name: string,
    role: string,
    mspId: string,
    companyPrefixes: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'RegisterParty');
    const partyGln = gs1(() => validateGln(gln));
    const partyRole = requireOneOf(role, PARTY_ROLES, 'role');
    if (!MSP_ID.test(mspId)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'mspId must be 1 to 64 letters, digits, dots, dashes or underscores',
      );
    }
    const prefixes = parseJsonArgument(
      companyPrefixes === '' ? '[]' : companyPrefixes,
      'companyPrefixes',
    );
    if (
      !Array.isArray(prefixes) ||
      prefixes.length > 20 ||
      prefixes.some((p) => typeof p !== 'string')
    ) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'companyPrefixes must be a JSON array of at most 20 strings',
      );
    }
    const checked = [
      ...new Set((prefixes as string[]).map((p) => gs1(() => validateCompanyPrefix(p)))),
    ].sort();
    if (partyRole !== 'manufacturer' && checked.length > 0) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', 'only manufacturers own GS1 company prefixes');
    }
    if ((await readRecord(ctx, Keys.party(ctx, partyGln))) !== undefined) {
      throw new ChaincodeRefusal(
        'PARTY_EXISTS',
        `a party with GLN ${partyGln} is already registered`,
      );
    }
    for (const prefix of checked) {
      const owner = await readRecord<{ gln: string }>(ctx, Keys.companyPrefix(ctx, prefix));
      if (owner !== undefined) {
        throw new ChaincodeRefusal(
          'PREFIX_TAKEN',
          `company prefix ${prefix} already belongs to ${owner.gln}`,
        );
      }
      await writeRecord(ctx, Keys.companyPrefix(ctx, prefix), { gln: partyGln });
    }
    const entry = historyEntry(ctx, caller.gln, {
      action: 'registered',
      bizStep: 'registering',
      disposition: 'active',
    });
    const party = newParty(
      {
        gln: partyGln,
        name: requireText(name, 'name', 200),
        role: partyRole,
        mspId,
        companyPrefixes: checked,
      },
      entry,
    );
    await writeRecord(ctx, Keys.party(ctx, partyGln), party);
    emitEvent(ctx, {
      type: 'PartyRegistered',
      by: caller.gln,
      parties: [partyGln],
      epcis: [],
      subject: { gln: partyGln },
    });
    return this.result(party);
  }

  /** Lets a suspended party trade again. */
  @Transaction()
  @Returns('string')
  async AuthoriseParty(ctx: TraceContext, gln: string, reason: string): Promise<string> {
    const caller = await authorise(ctx, 'AuthoriseParty');
    return this.result(await this.setStatus(ctx, caller.gln, gln, 'authorised', reason));
  }

  /** Stops a party from changing the ledger; custody can no longer move to or from it. */
  @Transaction()
  @Returns('string')
  async SuspendParty(ctx: TraceContext, gln: string, reason: string): Promise<string> {
    const caller = await authorise(ctx, 'SuspendParty');
    if (gln === caller.gln) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', 'a regulator cannot suspend itself');
    }
    return this.result(await this.setStatus(ctx, caller.gln, gln, 'suspended', reason));
  }

  @Transaction(false)
  @Returns('string')
  async GetParty(ctx: TraceContext, gln: string): Promise<string> {
    await authorise(ctx, 'GetParty');
    return this.result(
      await requireParty(
        ctx,
        gs1(() => validateGln(gln)),
      ),
    );
  }

  /** All registered parties, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async ListParties(ctx: TraceContext, pageSize: string, bookmark: string): Promise<string> {
    await authorise(ctx, 'ListParties');
    const page = await pageOfKeys(ctx, 'party', [], parsePageSize(pageSize), bookmark);
    const items = page.entries.map(
      (entry) => JSON.parse(Buffer.from(entry.value).toString('utf8')) as Party,
    );
    return this.result({
      items,
      bookmark: page.bookmark,
      count: items.length,
    } satisfies Page<Party>);
  }

  private async setStatus(
    ctx: TraceContext,
    by: string,
    gln: string,
    status: Party['status'],
    reason: string,
  ): Promise<Party> {
    const party = await requireParty(
      ctx,
      gs1(() => validateGln(gln)),
    );
    const note = requireText(reason, 'reason', 500);
    const entry = historyEntry(ctx, by, {
      action: status === 'authorised' ? 'authorised' : 'suspended',
      bizStep: 'inspecting',
      disposition: status === 'authorised' ? 'active' : 'inactive',
      note,
    });
    const updated: Party = { ...party, status, lastEvent: entry };
    await writeRecord(ctx, Keys.party(ctx, party.gln), updated);
    emitEvent(ctx, {
      type: status === 'authorised' ? 'PartyAuthorised' : 'PartySuspended',
      by,
      parties: [party.gln],
      epcis: [],
      subject: { gln: party.gln },
    });
    return updated;
  }
}
