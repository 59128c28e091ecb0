import type { Gs1LinkType } from '@packtrace/gs1';

/** Most links one product may carry, so a resolver's linkset stays small and one record small. */
export const MAX_PRODUCT_LINKS = 32;

/** One link a GS1 Digital Link resolver answers for a product (GS1 Digital Link 1.2). */
export interface ProductLink {
  /** From GS1's web vocabulary, compact form, e.g. `gs1:epil`. */
  readonly linkType: Gs1LinkType;
  /** Where the link leads; https only. */
  readonly href: string;
  readonly title: string;
  /** BCP 47 language tag of the target, e.g. `en` or `fr-BE`; absent when not language-specific. */
  readonly language?: string;
  /** Media type of the target, e.g. `text/html` or `application/pdf`. */
  readonly type?: string;
}

/** A product's links, kept apart from the product record so that changing them rewrites no product. */
export interface ProductLinks {
  readonly docType: 'product-links';
  readonly gtin: string;
  readonly links: readonly ProductLink[];
  /** When they were last set (empty when never set). */
  readonly updatedAt: string;
  readonly txId: string;
}
