import { darkRuns, type LabelLayout } from './label-layout';

/** How labels are put on paper: A4 sheets, or one label per page for a label-roll printer. */
export type PrintLayout = 'a4' | 'roll';

/** Points per millimetre (PDF's unit is 1/72 inch). */
const PT = 72 / 25.4;
const A4 = { widthMm: 210, heightMm: 297 };
/** Margin of an A4 sheet, and the gutter between labels, where they are cut apart. */
const SHEET_MARGIN_MM = 10;
const GUTTER_MM = 3;

function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** A PDF literal string: the 82 characters are ASCII; only `(`, `)` and `\` need escapes. */
function pdfString(text: string): string {
  return `(${text.replace(/[()\\]/g, (c) => `\\${c}`)})`;
}

/** The drawing operators of one label whose top-left corner is at (x, y) mm on the page. */
function labelContent(label: LabelLayout, xMm: number, yMm: number, pageHeightMm: number): string {
  const { symbol, moduleMm } = label;
  const ops: string[] = ['0 g'];
  for (let row = 0; row < symbol.rows; row += 1) {
    const top = yMm + label.symbolYMm + row * moduleMm;
    for (const [column, length] of darkRuns(symbol, row)) {
      const left = xMm + label.symbolXMm + column * moduleMm;
      ops.push(
        `${num(left * PT)} ${num((pageHeightMm - top - moduleMm) * PT)} ${num(length * moduleMm * PT)} ${num(moduleMm * PT)} re`,
      );
    }
  }
  ops.push('f');
  ops.push(`BT /F1 ${num(label.fontSizeMm * PT)} Tf`);
  for (const line of label.lines) {
    ops.push(
      `1 0 0 1 ${num((xMm + line.x) * PT)} ${num((pageHeightMm - yMm - line.y) * PT)} Tm ${pdfString(line.text)} Tj`,
    );
  }
  ops.push('ET');
  return ops.join('\n');
}

/**
 * Writes a print run as a PDF, one page at a time: only the page being filled is held in memory,
 * so a batch of 10,000 labels streams out in constant memory (plus one object offset per page).
 * Labels are drawn as vector rectangles at their printed size; the text uses Courier, one of the
 * fonts every PDF reader has, so nothing is embedded.
 */
export class PrintRunPdf {
  private offset = 0;
  private readonly offsets: number[] = [];
  private readonly pageObjects: number[] = [];
  private nextObject = 4; // 1 catalog, 2 page tree, 3 font
  private page: { content: string[]; widthMm: number; heightMm: number } | undefined;
  private cursor = { x: SHEET_MARGIN_MM, y: SHEET_MARGIN_MM, rowHeight: 0 };
  private labels = 0;

  /** @param write sends bytes on and resolves when more may be written (backpressure). */
  constructor(
    private readonly write: (chunk: Buffer) => Promise<void>,
    private readonly layout: PrintLayout,
  ) {}

  private async emit(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'latin1');
    this.offset += chunk.length;
    await this.write(chunk);
  }

  private async object(number: number, body: string): Promise<void> {
    this.offsets[number] = this.offset;
    await this.emit(`${number} 0 obj\n${body}\nendobj\n`);
  }

  /** Starts the document: header and the font every page uses. */
  async start(): Promise<void> {
    await this.emit('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
    await this.object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>');
  }

  private async flushPage(): Promise<void> {
    const page = this.page;
    if (page === undefined) return;
    this.page = undefined;
    const content = page.content.join('\n');
    const contentObject = this.nextObject++;
    const pageObject = this.nextObject++;
    await this.object(
      contentObject,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
    await this.object(
      pageObject,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.widthMm * PT)} ${num(page.heightMm * PT)}] ` +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${contentObject} 0 R >>`,
    );
    this.pageObjects.push(pageObject);
  }

  /** Places one label: on a roll, its own page of its own size; on A4, the next free place. */
  async add(label: LabelLayout): Promise<void> {
    this.labels += 1;
    if (this.layout === 'roll') {
      this.page = { content: [], widthMm: label.widthMm, heightMm: label.heightMm };
      this.page.content.push(labelContent(label, 0, 0, label.heightMm));
      await this.flushPage();
      return;
    }
    const right = A4.widthMm - SHEET_MARGIN_MM;
    const bottom = A4.heightMm - SHEET_MARGIN_MM;
    if (this.cursor.x + label.widthMm > right && this.cursor.x > SHEET_MARGIN_MM) {
      this.cursor = {
        x: SHEET_MARGIN_MM,
        y: this.cursor.y + this.cursor.rowHeight + GUTTER_MM,
        rowHeight: 0,
      };
    }
    if (this.page !== undefined && this.cursor.y + label.heightMm > bottom) {
      await this.flushPage();
      this.cursor = { x: SHEET_MARGIN_MM, y: SHEET_MARGIN_MM, rowHeight: 0 };
    }
    this.page ??= { content: [], ...A4 };
    this.page.content.push(labelContent(label, this.cursor.x, this.cursor.y, A4.heightMm));
    this.cursor.x += label.widthMm + GUTTER_MM;
    this.cursor.rowHeight = Math.max(this.cursor.rowHeight, label.heightMm);
  }

  /** Ends the document (page tree, catalog, cross-reference table); returns the label count. */
  async finish(): Promise<number> {
    if (this.page === undefined && this.pageObjects.length === 0) {
      // A run with no labels is still a valid document: one blank page.
      this.page = { content: [], ...(this.layout === 'roll' ? { widthMm: 50, heightMm: 20 } : A4) };
    }
    await this.flushPage();
    await this.object(
      2,
      `<< /Type /Pages /Count ${this.pageObjects.length} /Kids [${this.pageObjects
        .map((n) => `${n} 0 R`)
        .join(' ')}] >>`,
    );
    await this.object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    const xref = this.offset;
    const entries = ['0000000000 65535 f \n'];
    for (let n = 1; n < this.nextObject; n += 1) {
      entries.push(`${String(this.offsets[n] ?? 0).padStart(10, '0')} 00000 n \n`);
    }
    await this.emit(
      `xref\n0 ${this.nextObject}\n${entries.join('')}trailer\n<< /Size ${this.nextObject} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
    );
    return this.labels;
  }
}
