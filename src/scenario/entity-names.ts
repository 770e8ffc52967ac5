/**
 * Names of services, clients and partitions. They become keys of summary.json objects: all
 * digits would be reordered by JavaScript (integer-like keys come first), and `__proto__` would
 * not be a key at all.
 */
export const ENTITY_NAME = /^(?![0-9]+$)(?!__proto__$)[A-Za-z0-9_-]+$/;
export const ENTITY_NAME_RULE = 'use letters, digits, `_` and `-` (not digits alone, and not `__proto__`)';
