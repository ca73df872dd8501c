/**
 * Whether a URL (or an origin string as Electron hands it to permission handlers) belongs to the
 * app's own origin. Compared as parsed origins, never as string prefixes: `app://station.x`,
 * `app://station:81` or `app://station@evil` all start with `app://station` and are someone else.
 * Pure (no electron import) so it can be tested under plain Node.
 */
export function isAppOrigin(url: string, appOrigin: string): boolean {
  const mine = originOf(appOrigin);
  const theirs = originOf(url);
  return mine !== undefined && theirs !== undefined && theirs === mine;
}

/**
 * The origin of a URL as scheme://host[:port]. Node's URL reports "null" as the origin of a
 * non-special scheme like `app:`, while Chromium treats a scheme registered as standard like
 * http; so the origin is built from the parsed parts, with the host lowercased as Chromium does.
 * A URL with user info is no origin of ours.
 */
function originOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.host === '') return undefined;
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
}
