/**
 * Saves bytes as a file the way the window's own downloads do: in the browser a download with the
 * given name, in Electron the same download (the shell shows its save dialog). Returns the name.
 */
export function saveFile(bytes: Uint8Array, fileName: string, type = 'application/pdf'): string {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the object URL is not kept around.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return fileName;
}
