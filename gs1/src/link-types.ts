/**
 * The link types of GS1's web vocabulary (https://gs1.org/voc/, "LinkType") that a product's
 * links may carry. The list is shipped, not fetched, because the chaincode must validate
 * deterministically; a new link type is added here and reaches every organisation with the
 * chaincode. Compact form `gs1:xyz`; the resolver writes the full URI {@link linkTypeUri}.
 */
export const GS1_LINK_TYPES = [
  'gs1:pip',
  'gs1:epil',
  'gs1:smpc',
  'gs1:recallStatus',
  'gs1:verificationService',
  'gs1:defaultLink',
  'gs1:defaultLinkMulti',
  'gs1:safetyInfo',
  'gs1:instructions',
  'gs1:productSustainabilityInfo',
  'gs1:certificationInfo',
  'gs1:faqs',
  'gs1:hasRetailers',
  'gs1:masterData',
  'gs1:relatedVideo',
  'gs1:review',
  'gs1:support',
  'gs1:traceability',
  'gs1:promotion',
  'gs1:registerProduct',
  'gs1:whatsInTheBox',
  'gs1:leaveReview',
  'gs1:purchaseSuppliesOrAccessories',
  'gs1:tutorial',
  'gs1:serviceInfo',
  'gs1:sustainabilityInfo',
  'gs1:consumerHandlingStorageInfo',
  'gs1:allergenInfo',
  'gs1:nutritionalInfo',
  'gs1:ingredientsInfo',
  'gs1:logisticsInfo',
  'gs1:productInfo',
  'gs1:activityIdeas',
  'gs1:brandHomepageClinical',
  'gs1:brandHomepagePatient',
  'gs1:careersInfo',
  'gs1:eifu',
  'gs1:epcis',
  'gs1:homepage',
  'gs1:handledBy',
  'gs1:jws',
  'gs1:locationInfo',
  'gs1:menuInfo',
  'gs1:openingHoursInfo',
  'gs1:paymentLink',
  'gs1:quickStartGuide',
  'gs1:recipeInfo',
  'gs1:scheduleTime',
  'gs1:socialMedia',
  'gs1:statisticInfo',
  'gs1:subscribe',
  'gs1:userAgreement',
] as const;

/** A link type of GS1's web vocabulary, compact form. */
export type Gs1LinkType = (typeof GS1_LINK_TYPES)[number];

const KNOWN = new Set<string>(GS1_LINK_TYPES);
const VOCABULARY = 'https://gs1.org/voc/';

/**
 * The compact link type for `value` given compact (`gs1:pip`) or as the full URI
 * (`https://gs1.org/voc/pip`), or undefined when it is not in the shipped vocabulary.
 */
export function parseLinkType(value: string): Gs1LinkType | undefined {
  const compact = value.startsWith(VOCABULARY) ? `gs1:${value.slice(VOCABULARY.length)}` : value;
  return KNOWN.has(compact) ? (compact as Gs1LinkType) : undefined;
}

/** The full URI of a link type, as a linkset's relation names it. */
export function linkTypeUri(linkType: Gs1LinkType): string {
  return `${VOCABULARY}${linkType.slice('gs1:'.length)}`;
}
