/**
 * Looking into the charts as drawn: vega-lite schema validation, the marks and texts of an SVG,
 * and a PNG decoded far enough to know it is whole. Shared by the chart tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { ROOT } from './cli.ts';

const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/vega-lite/build/vega-lite-schema.json'), 'utf8'));

/** Validates a spec against vega-lite's own JSON schema (errors in `validate.errors`). */
export const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);

export function count(svg: string, pattern: RegExp): number {
  return (svg.match(pattern) ?? []).length;
}

/** Every text drawn: a <text>'s content, or each line (<tspan>) of a multi-line one. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]+)<\/(?:text|tspan)>/g)].map((m) => m[1]);
}

/**
 * Decodes a PNG far enough to know it is whole: the signature, every chunk's CRC-framed layout,
 * and the image data inflating to exactly one filter byte plus one row of pixels per line
 * (RFC 2083: IHDR, IDAT..., IEND). Gives the size the header states.
 */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const [width, height, depth, colour] = [view.getUint32(16), view.getUint32(20), png[24], png[25]];
  const idat: Uint8Array[] = [];
  const types: string[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    types.push(type);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colour as 0 | 2 | 4 | 6];
  expect(depth).toBe(8);
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * channels));
  return { width, height };
}

/** The SVG's own width and height. */
export function svgSize(svg: string): { width: number; height: number } {
  const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
  return { width, height };
}
