/**
 * Share links: `#yaml=` + base64url (no padding) of the deflate-raw (RFC 1951) compressed UTF-8
 * text, with the browser's own CompressionStream, so a design document can link to a live model.
 */
async function through(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function encodeFragment(text: string): Promise<string> {
  const packed = await through(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return `#yaml=${base64url(packed)}`;
}

/** The scenario text of a `#yaml=` fragment; null when the fragment has none. Throws when it is damaged. */
export async function decodeFragment(hash: string): Promise<string | null> {
  const match = /^#yaml=([A-Za-z0-9_-]*)$/.exec(hash);
  if (match === null) return null;
  const bytes = await through(fromBase64url(match[1]), new DecompressionStream('deflate-raw'));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The page's address with this fragment, for the clipboard. */
export function shareUrl(fragment: string): string {
  return `${location.href.split('#')[0]}${fragment}`;
}
