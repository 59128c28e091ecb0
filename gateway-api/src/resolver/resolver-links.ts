import type { ProductLink } from '@packtrace/chaincode/client';
import { linkTypeUri, type Gs1LinkType } from '@packtrace/gs1';

/** What a Digital Link request names: a product, perhaps a batch, perhaps one pack. */
export interface ResolvedKey {
  readonly gtin: string;
  readonly lot?: string;
  readonly serial?: string;
}

/** The canonical path of a key on this resolver, e.g. `/01/09506000134352/10/L1/21/S1`. */
export function keyPath(key: ResolvedKey): string {
  return (
    `/01/${key.gtin}` +
    (key.lot === undefined ? '' : `/10/${encodeURIComponent(key.lot)}`) +
    (key.serial === undefined ? '' : `/21/${encodeURIComponent(key.serial)}`)
  );
}

/**
 * The patient check page a pack's default link leads to (the seam with the patient check,
 * issue 26): same base URL, the lot as a query parameter when the URI had one.
 */
export function checkPagePath(key: ResolvedKey & { readonly serial: string }): string {
  return (
    `/check/01/${key.gtin}/21/${encodeURIComponent(key.serial)}` +
    (key.lot === undefined ? '' : `?lot=${encodeURIComponent(key.lot)}`)
  );
}

/**
 * Every link the resolver answers for a key: the manufacturer's links from the ledger, then the
 * platform's own where the manufacturer set none of that type: the VRS responder as
 * gs1:verificationService, and for a pack the patient check as gs1:defaultLink (a pack's default
 * is always the check, so that a phone's camera leads to the ledger's answer first).
 */
export function linksFor(
  key: ResolvedKey,
  stored: readonly ProductLink[],
  base: string,
): ProductLink[] {
  const links = stored.filter(
    (link) => key.serial === undefined || link.linkType !== 'gs1:defaultLink',
  );
  if (!links.some((link) => link.linkType === 'gs1:verificationService')) {
    links.push({
      linkType: 'gs1:verificationService',
      href: `${base}/api/v1/vrs${key.lot !== undefined && key.serial !== undefined ? keyPath(key) : ''}`,
      title: 'Verification of this product identifier (GS1 Lightweight Messaging Standard)',
      type: 'application/json',
    });
  }
  if (key.serial !== undefined) {
    links.unshift({
      linkType: 'gs1:defaultLink',
      href: `${base}${checkPagePath({ ...key, serial: key.serial })}`,
      title: 'Check this pack',
      type: 'text/html',
    });
  }
  return links;
}

/** One target in an RFC 9264 JSON linkset. */
interface LinksetTarget {
  href: string;
  title: string;
  hreflang?: string[];
  type?: string;
}

/**
 * The RFC 9264 linkset (`application/linkset+json`) in the shape GS1's resolver conformance
 * criteria list: one context object whose `anchor` is the request's Digital Link URI and whose
 * other members are link relations as full GS1 web-vocabulary URIs, each a list of targets.
 */
export function linkset(
  anchor: string,
  links: readonly ProductLink[],
): { linkset: Record<string, string | LinksetTarget[]>[] } {
  const context: Record<string, string | LinksetTarget[]> = { anchor };
  for (const link of links) {
    const relation = linkTypeUri(link.linkType);
    const targets = (context[relation] as LinksetTarget[] | undefined) ?? [];
    targets.push({
      href: link.href,
      title: link.title,
      ...(link.language === undefined ? {} : { hreflang: [link.language] }),
      ...(link.type === undefined ? {} : { type: link.type }),
    });
    context[relation] = targets;
  }
  return { linkset: [context] };
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * An RFC 8288 Link header naming every link and the linkset itself, and for a compressed request
 * URI its uncompressed form (`owl:sameAs`, as the resolver standard asks).
 */
export function linkHeader(
  links: readonly ProductLink[],
  linksetUrl: string,
  sameAs?: string,
): string {
  const entries = links.map(
    (link) =>
      `<${encodeURI(decodeURI(link.href))}>; rel=${quoted(linkTypeUri(link.linkType))}` +
      `; title=${quoted(link.title)}` +
      (link.language === undefined ? '' : `; hreflang=${quoted(link.language)}`) +
      (link.type === undefined ? '' : `; type=${quoted(link.type)}`),
  );
  entries.push(`<${linksetUrl}>; rel="linkset"; type="application/linkset+json"`);
  if (sameAs !== undefined) {
    entries.push(`<${sameAs}>; rel="owl:sameAs"`);
  }
  return entries.join(', ');
}

/**
 * The link of `linkType` in the language the client prefers (Accept-Language order, a primary
 * subtag matching too), else one with no language, else the first of that type.
 */
export function chooseLink(
  links: readonly ProductLink[],
  linkType: Gs1LinkType,
  languages: readonly string[],
): ProductLink | undefined {
  const ofType = links.filter((link) => link.linkType === linkType);
  for (const wanted of languages) {
    const lower = wanted.toLowerCase();
    const exact = ofType.find((link) => link.language?.toLowerCase() === lower);
    const primary = ofType.find(
      (link) => link.language?.toLowerCase().split('-')[0] === lower.split('-')[0],
    );
    if (exact !== undefined || primary !== undefined) {
      return exact ?? primary;
    }
  }
  return ofType.find((link) => link.language === undefined) ?? ofType[0];
}
