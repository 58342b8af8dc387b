import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PACK_COLUMNS, type PackCounts, type PackFigures } from './pack-figures.ts';

// Noto Sans SC (SIL Open Font License 1.1) from @expo-google-fonts/noto-sans-sc: a reader's
// machine may have no CJK font, so the PDF carries its own. PDFKit embeds only the glyphs used
// (a subset, with a ToUnicode map so the text can be searched and copied).
const FONT_FILE = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
let fontBytes: Buffer | undefined;
function cjkFont(): Buffer {
  fontBytes ??= readFileSync(FONT_FILE);
  return fontBytes;
}

const MARGIN = 40;
const LABEL_WIDTH = 150;
const ROW_HEIGHT = 16;

function cells(c: PackCounts): string[] {
  return PACK_COLUMNS.map(({ key }) => String(c[key]));
}

/**
 * The pack as a PDF (A4 landscape). Deterministic bytes: the document's dates are asOf, the file
 * id is derived from them by PDFKit, the font subset's tag from the font's resource name.
 */
export async function renderPackPdf(figures: PackFigures): Promise<Buffer> {
  const asOf = new Date(figures.asOf);
  // Loaded when a pack is made: pdfkit (and fontkit) are ~0.25 s of every process's start otherwise.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: `${figures.title} ${figures.periodTitle}`, Author: figures.organisation, Creator: 'Docket', Producer: figures.generatorVersion, CreationDate: asOf, ModDate: asOf },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');

  const pageWidth = doc.page.width - 2 * MARGIN;
  const columnWidth = (pageWidth - LABEL_WIDTH) / PACK_COLUMNS.length;
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;

  const row = (label: string, values: string[], header = false) => {
    if (doc.y > bottom()) doc.addPage();
    const y = doc.y;
    doc.fontSize(header ? 7.5 : 8.5).fillColor(header ? '#333333' : '#000000');
    doc.text(label, MARGIN, y, { width: LABEL_WIDTH - 6, height: ROW_HEIGHT, ellipsis: true, lineBreak: false });
    for (const [i, v] of values.entries()) doc.text(v, MARGIN + LABEL_WIDTH + i * columnWidth, y, { width: columnWidth - 4, align: 'right', height: ROW_HEIGHT, lineBreak: false });
    doc
      .moveTo(MARGIN, y + ROW_HEIGHT - 3)
      .lineTo(MARGIN + pageWidth, y + ROW_HEIGHT - 3)
      .lineWidth(header ? 0.8 : 0.3)
      .strokeColor('#999999')
      .stroke();
    doc.x = MARGIN;
    doc.y = y + ROW_HEIGHT;
  };
  const table = (title: string, lines: { label: string; counts: PackCounts }[], totals: PackCounts) => {
    if (doc.y > bottom() - 3 * ROW_HEIGHT) doc.addPage();
    doc.moveDown(0.6).fontSize(11).fillColor('#000000').text(title, MARGIN, doc.y);
    doc.moveDown(0.2);
    row(
      '项目 Item',
      PACK_COLUMNS.map((c) => c.title),
      true,
    );
    for (const line of lines) row(line.label, cells(line.counts));
    row('合计 Total', cells(totals));
  };

  doc.fontSize(16).text(figures.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(9);
  doc.text(`统计期间 Period: ${figures.periodTitle} (${figures.from} – ${figures.to})`);
  doc.text(`机构 Organisation: ${figures.organisation}`);
  doc.text(`数据截至 As of: ${figures.asOfLocal} (${figures.timeZone})`);
  doc.text(`生成程序 Generator: ${figures.generatorVersion}`);

  table('总体情况 Summary', [], figures.totals);
  for (const breakdown of figures.breakdowns) {
    table(
      breakdown.title,
      breakdown.lines.map((line) => ({ label: line.key === '' || line.label === line.key ? line.label : `${line.label} (${line.key})`, counts: line })),
      figures.totals,
    );
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
