import { type PDFDocument, PDFName } from 'pdf-lib';
import { LANGUAGE } from './pdf-tags.js';

export interface DocumentFacts {
  title: string;
  author: string;
  subject?: string;
  madeAt: Date;
  /** The language it is written in (BCP 47); US English unless told. */
  language?: string;
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The document's title, author and dates, the same in the Info dictionary and in XMP metadata (where
 * PDF/UA looks for the title), and the viewer told to show the title rather than the file name. The file
 * does not claim PDF/UA conformance (`pdfuaid:part`): no validator has checked it (decision 036).
 */
export function describeDocument(doc: PDFDocument, facts: DocumentFacts) {
  doc.setTitle(facts.title, { showInWindowTitleBar: true });
  doc.setAuthor(facts.author);
  if (facts.subject) doc.setSubject(facts.subject);
  doc.setCreator('Concord');
  doc.setProducer('Concord (pdf-lib)');
  doc.setCreationDate(facts.madeAt);
  doc.setModificationDate(facts.madeAt);
  const when = facts.madeAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(s)}</rdf:li></rdf:Alt>`;
  const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title>${alt(facts.title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>${xml(facts.author)}</rdf:li></rdf:Seq></dc:creator>
${facts.subject ? `<dc:description>${alt(facts.subject)}</dc:description>\n` : ''}<dc:language><rdf:Bag><rdf:li>${facts.language ?? LANGUAGE}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>${when}</xmp:CreateDate>
<xmp:ModifyDate>${when}</xmp:ModifyDate>
<xmp:MetadataDate>${when}</xmp:MetadataDate>
<xmp:CreatorTool>Concord</xmp:CreatorTool>
<pdf:Producer>Concord (pdf-lib)</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  // Uncompressed, as XMP readers expect; UTF-8, so a name in any script reads as written.
  const stream = doc.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}
