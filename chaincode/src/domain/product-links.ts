import { parseLinkType } from '@packtrace/gs1';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { MAX_PRODUCT_LINKS, type ProductLink } from '../model/product-link';

const MAX_HREF = 2000;
const MAX_TITLE = 200;
/** BCP 47 in the shape resolvers meet: language, optional script, region or variants. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}$/;
/** A media type without parameters (RFC 6838 names). */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const FIELDS = new Set(['linkType', 'href', 'title', 'language', 'type']);

function invalid(index: number, why: string): ChaincodeRefusal {
  return new ChaincodeRefusal('INVALID_LINK', `link ${index + 1}: ${why}`, { index });
}

function text(value: unknown, index: number, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw invalid(index, `${name} is required`);
  }
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed.length > max || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw invalid(index, `${name} must be at most ${max} characters without control characters`);
  }
  return trimmed;
}

function parseLink(raw: unknown, index: number): ProductLink {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(index, 'must be an object');
  }
  const record = raw as Record<string, unknown>;
  const extra = Object.keys(record).find((name) => !FIELDS.has(name));
  if (extra !== undefined) {
    throw invalid(index, `unknown field "${extra}"`);
  }
  const linkType = parseLinkType(text(record.linkType, index, 'linkType', 100));
  if (linkType === undefined) {
    throw invalid(index, "linkType is not a link type of GS1's web vocabulary (e.g. gs1:epil)");
  }
  const href = text(record.href, index, 'href', MAX_HREF);
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw invalid(index, 'href is not a URI');
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw invalid(index, 'href must be an https URI without credentials');
  }
  const link: ProductLink = {
    linkType,
    href,
    title: text(record.title, index, 'title', MAX_TITLE),
  };
  const withLanguage =
    record.language === undefined
      ? link
      : { ...link, language: text(record.language, index, 'language', 35) };
  if (withLanguage.language !== undefined && !LANGUAGE_TAG.test(withLanguage.language)) {
    throw invalid(index, 'language must be a BCP 47 tag such as en or fr-BE');
  }
  if (record.type === undefined) {
    return withLanguage;
  }
  const type = text(record.type, index, 'type', 191).toLowerCase();
  if (!MEDIA_TYPE.test(type)) {
    throw invalid(index, 'type must be a media type such as text/html');
  }
  return { ...withLanguage, type };
}

/**
 * Reads the JSON array of a product's links, refusing with INVALID_LINK (naming the link) at the
 * first that is wrong, or when there are more than {@link MAX_PRODUCT_LINKS} or two alike
 * (same link type, language and media type), which a resolver could not choose between.
 */
export function parseProductLinks(json: string): ProductLink[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ChaincodeRefusal('INVALID_LINK', 'links must be a JSON array of links');
  }
  if (!Array.isArray(raw)) {
    throw new ChaincodeRefusal('INVALID_LINK', 'links must be a JSON array of links');
  }
  if (raw.length > MAX_PRODUCT_LINKS) {
    throw new ChaincodeRefusal(
      'INVALID_LINK',
      `a product may carry at most ${MAX_PRODUCT_LINKS} links, got ${raw.length}`,
    );
  }
  const links = raw.map((entry, index) => parseLink(entry, index));
  const seen = new Set<string>();
  links.forEach((link, index) => {
    const identity = `${link.linkType} ${link.language?.toLowerCase() ?? ''} ${link.type ?? ''}`;
    if (seen.has(identity)) {
      throw invalid(index, `a second ${link.linkType} link in the same language and media type`);
    }
    seen.add(identity);
  });
  return links;
}
