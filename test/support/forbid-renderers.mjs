// Preloaded with `node --import` by test/cli/startup.test.ts: any import of the chart renderers
// (vega, vega-lite, vega-embed, resvg) fails the process, so a command that must not load them
// is seen to load them. Worker threads inherit the preload through execArgv.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (/^(vega|vega-lite|vega-embed|@resvg\\/resvg-js)(\\/|$)/.test(specifier)) {
    throw new Error('forbidden import of a renderer: ' + specifier);
  }
  return next(specifier, context);
}`));
