import type { ItemRef } from '@packtrace/chaincode/client';
import {
  Gs1Error,
  gs1CheckDigit,
  validateGln,
  validateGtin14,
  validateSerial,
  validateSscc,
} from '@packtrace/gs1';

/*
 * EPCIS 2.0 names things either as GS1 Digital Link URIs (on any resolver's host) or as EPC
 * URNs (Tag Data Standard). The ledger keys items by GTIN and serial, or SSCC, and parties by
 * GLN; these read both forms into those.
 */
const DL_PACK =
  /^https?:\/\/[^/?#]+\/01\/(\d{14})(?:\/22\/[^/?#]+)?(?:\/10\/[^/?#]+)?\/21\/([^/?#]+)$/;
const DL_CONTAINER = /^https?:\/\/[^/?#]+\/00\/(\d{18})$/;
const DL_PARTY = /^https?:\/\/[^/?#]+\/(?:414|417)\/(\d{13})(?:\/254\/[^/?#]+)?$/;
const URN_SGTIN = /^urn:epc:id:sgtin:(\d{6,12})\.(\d{1,7})\.(.+)$/;
const URN_SSCC = /^urn:epc:id:sscc:(\d{6,12})\.(\d{5,11})$/;
const URN_GLN = /^urn:epc:id:(?:sgln|pgln):(\d{6,12})\.(\d{0,6})(?:\.(.*))?$/;

function withCheckDigit(body: string): string {
  return `${body}${gs1CheckDigit(body)}`;
}

function checked<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof Gs1Error || error instanceof URIError) {
      return undefined;
    }
    throw error;
  }
}

/** The pack or container an EPC names, or undefined when it names neither validly. */
export function itemOfEpc(epc: string): ItemRef | undefined {
  return checked((): ItemRef | undefined => {
    const pack = DL_PACK.exec(epc);
    if (pack !== null) {
      return {
        type: 'pack',
        gtin: validateGtin14(pack[1] ?? ''),
        serial: validateSerial(decodeURIComponent(pack[2] ?? '')),
      };
    }
    const container = DL_CONTAINER.exec(epc);
    if (container !== null) {
      return { type: 'container', sscc: validateSscc(container[1] ?? '') };
    }
    const sgtin = URN_SGTIN.exec(epc);
    if (sgtin !== null) {
      const [, prefix = '', itemRef = '', serial = ''] = sgtin;
      if (prefix.length + itemRef.length !== 13) {
        return undefined;
      }
      return {
        type: 'pack',
        gtin: validateGtin14(withCheckDigit(`${itemRef.slice(0, 1)}${prefix}${itemRef.slice(1)}`)),
        serial: validateSerial(decodeURIComponent(serial)),
      };
    }
    const sscc = URN_SSCC.exec(epc);
    if (sscc !== null) {
      const [, prefix = '', serialRef = ''] = sscc;
      if (prefix.length + serialRef.length !== 17) {
        return undefined;
      }
      return {
        type: 'container',
        sscc: validateSscc(
          withCheckDigit(`${serialRef.slice(0, 1)}${prefix}${serialRef.slice(1)}`),
        ),
      };
    }
    return undefined;
  });
}

/** The GLN a party or location identifier names, or undefined. */
export function glnOf(id: string): string | undefined {
  return checked(() => {
    const link = DL_PARTY.exec(id);
    if (link !== null) {
      return validateGln(link[1] ?? '');
    }
    const urn = URN_GLN.exec(id);
    if (urn !== null) {
      const [, prefix = '', reference = '', extension] = urn;
      if (prefix.length + reference.length !== 12 || (extension ?? '0') !== '0') {
        return undefined;
      }
      return validateGln(withCheckDigit(`${prefix}${reference}`));
    }
    return undefined;
  });
}

/** One spelling for an item, whichever form named it: for comparing identifiers in queries. */
export function itemKey(epc: string): string {
  const item = itemOfEpc(epc);
  if (item === undefined) {
    return epc;
  }
  return item.type === 'pack' ? `pack:${item.gtin}:${item.serial}` : `container:${item.sscc}`;
}

/** One spelling for a location or party identifier. */
export function locationKey(id: string): string {
  const gln = glnOf(id);
  return gln === undefined ? id : `gln:${gln}`;
}

/**
 * A CBV term (business step, disposition) without its prefix: `shipping` from `shipping`,
 * `urn:epcglobal:cbv:bizstep:shipping` or `https://ref.gs1.org/cbv/BizStep-shipping`.
 */
export function cbvTerm(value: string): string {
  const urn = /^urn:epcglobal:cbv:(?:bizstep|disp):(.+)$/.exec(value);
  if (urn !== null) {
    return urn[1] ?? value;
  }
  const link = /^https?:\/\/ref\.gs1\.org\/cbv\/(?:BizStep|Disp)-(.+)$/.exec(value);
  return link === null ? value : (link[1] ?? value);
}
