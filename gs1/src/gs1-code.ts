/** The textual form a code arrived in. */
export type CodeForm = 'element-string' | 'hri' | 'digital-link' | 'fields';

/** The symbology a scanner reported through its symbology identifier, when it did. */
export type Symbology = 'datamatrix' | 'qr' | 'gs1-128' | 'databar';

/** A decoded GS1 code: its application identifiers and values, in the order read. */
export interface Gs1Code {
  readonly form: CodeForm;
  readonly symbology?: Symbology;
  /** AI → value, e.g. `{ '01': '09506000134352', '21': 'SN1' }`. */
  readonly elements: Readonly<Record<string, string>>;
}

/** A national reimbursement number (AIs 710-715). */
export interface NationalNumber {
  readonly ai: string;
  readonly value: string;
}

/** The identity of one serialised pack, as read from its code. */
export interface PackCode {
  readonly kind: 'pack';
  readonly gtin: string;
  readonly serial: string;
  readonly lot?: string;
  /** AI 17 as printed, YYMMDD. */
  readonly expiry?: string;
  /** The expiry resolved to a calendar date (day 00 = last day of the month). */
  readonly expiryDate?: string;
  readonly nhrn?: NationalNumber;
}

/** The identity of a case or pallet, as read from its SSCC label. */
export interface ContainerCode {
  readonly kind: 'container';
  readonly sscc: string;
}

/** Whatever a scanner can hand over at a receiving dock: a pack or a logistic unit. */
export type ItemCode = PackCode | ContainerCode;
