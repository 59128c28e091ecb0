/**
 * GS1 identifiers and pack codes: the only place in the project that parses or validates them.
 * The chaincode, the gateway and the scanner page all use this module.
 *
 * @packageDocumentation
 */
export type { Gs1ErrorCode } from './gs1-error';
export { Gs1Error } from './gs1-error';
export type {
  CodeForm,
  ContainerCode,
  Gs1Code,
  ItemCode,
  NationalNumber,
  PackCode,
  Symbology,
} from './gs1-code';
export { gs1CheckDigit } from './check-digit';
export { gtinHasCompanyPrefix, normaliseGtin, validateCompanyPrefix, validateGtin14 } from './gtin';
export { validateSscc } from './sscc';
export { validateGln } from './gln';
export { CSET82_CHARACTERS, validateLot, validateSerial } from './character-set';
export { expiryOfDate, expiryToIsoDate, validateExpiry } from './expiry';
export { GS, formatElementString, parseElementString } from './element-string';
export { formatHumanReadable, parseHumanReadable } from './human-readable';
export { formatDigitalLink, parseDigitalLink } from './digital-link';
export type { PackFields } from './pack-code';
export {
  MAX_CODE_LENGTH,
  packCodeFromElements,
  packCodeFromFields,
  packElementString,
  packHumanReadable,
  parseGs1Code,
  parseItemCode,
  parsePackCode,
} from './pack-code';
export type { Gs1LinkType } from './link-types';
export { GS1_LINK_TYPES, linkTypeUri, parseLinkType } from './link-types';
export { decompressDigitalLink, isCompressedDigitalLinkPath } from './digital-link-compression';
