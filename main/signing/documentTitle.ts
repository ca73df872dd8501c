/**
 * The title a teller reads in the queue: the PDF's own /Title when it has a meaningful one, else
 * the file name made readable ("pdflib_us_constitution.pdf" → "Pdflib us constitution"). Titles
 * that are file names, tool defaults or blank do not count.
 */
export function readableTitle(pdfTitle: string | undefined, fileName: string): string {
  const own = pdfTitle?.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (own && !/^(untitled|document|microsoft word - .*|.*\.(pdf|docx?|odt))$/i.test(own)) return own.slice(0, 200);
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.pdf$/i, '');
  const words = base.replace(/_+|(?<=\S)\.(?=\S)/g, ' ').replace(/\s+/g, ' ').trim();
  if (!words) return '';
  return (words[0].toUpperCase() + words.slice(1)).slice(0, 200);
}
