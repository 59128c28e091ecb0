/** A medicinal product as identified by its GTIN. */
export interface Product {
  readonly docType: 'product';
  readonly gtin: string;
  readonly name: string;
  /** Pharmaceutical form, e.g. "film-coated tablet". */
  readonly form: string;
  /** e.g. "500 mg". */
  readonly strength: string;
  /** Units per pack. */
  readonly packSize: number;
  /** GLN of the manufacturer that owns the GTIN's company prefix. */
  readonly manufacturer: string;
  readonly registeredAt: string;
  readonly txId: string;
}
