/**
 * `variants:` names sets of changes to the base scenario (the file without `variants`). Each is
 * merged over the base as `extends` merges a file over the file it names (extends.ts `merge`),
 * and the result is validated as a scenario of its own (load.ts). This file checks the section's
 * own shape: a non-empty map from names (`[a-z0-9-]+`, they name result folders) to maps of
 * changes, `{}` or nothing meaning "no change", none setting a key that must stay the base's.
 */
import { isMap, isScalar, type YAMLMap } from 'yaml';
import * as msg from './messages.ts';
import { record, type NamedEntry } from './spec-collections.ts';
import { anchorOf, childSite, INVALID, keyText, pathOf, type Spec } from './spec.ts';

export const VARIANTS_KEY = 'variants';

const VARIANT_NAME = /^[a-z0-9-]+$/;

/** A variant's changes as written (the YAML map, nodes and positions kept); null for none. */
export type VariantChanges = YAMLMap | null;

export type VariantEntry = NamedEntry<VariantChanges>;

const FIXED_KEYS = Object.keys(msg.VARIANT_FIXED_KEYS);

function changes(): Spec<VariantChanges> {
  return {
    parse: (node, site, ctx) => {
      if (isScalar(node) && node.value === null) return null;
      if (!isMap(node)) {
        ctx.report(anchorOf(node, site), msg.expected(pathOf(site), msg.EXPECTED_VARIANT, node));
        return INVALID;
      }
      const before = ctx.problems.length;
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (key === null || !FIXED_KEYS.includes(key)) continue; // other keys are checked once merged
        ctx.report(pair.key, msg.variantFixedKey(pathOf(childSite(site, key, pair.key, node)), msg.VARIANT_FIXED_KEYS[key]));
      }
      return ctx.problems.length > before ? INVALID : node;
    },
    // Loose on purpose: a variant is part of a scenario, so the full rules (required keys) do not apply to it.
    schema: () => ({
      description: 'changes merged over the base scenario: maps key by key, lists and other values replace; {} or nothing for none',
      anyOf: [{ type: 'object', propertyNames: { not: { enum: FIXED_KEYS } } }, { type: 'null' }],
    }),
  };
}

/**
 * The well-formed variants in file order, even when others are not (their problems are
 * reported), so that the loader checks what it can of each: all problems at once.
 */
export function variantsSpec(): Spec<VariantEntry[]> {
  return record(changes(), {
    what: 'variant',
    namePattern: VARIANT_NAME,
    nameRule: 'use lowercase letters, digits and `-` (it names a results folder)',
    description: 'named changes to this scenario, each run as a scenario of its own and compared with the others',
    partial: true,
  });
}
