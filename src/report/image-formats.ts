/** The chart image formats a results folder may get (`--format`). */
export const IMAGE_FORMATS = ['svg', 'png', 'both'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
