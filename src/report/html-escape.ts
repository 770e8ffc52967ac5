/**
 * Escaping for report.html: text into HTML, data into an inline `<script>`, and whole library
 * texts inlined as scripts. Everything a user wrote (names, descriptions, YAML, assertion
 * expressions) passes through here before it reaches the page.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON to place inside `<script type="application/json">`. An HTML parser ends a script at the
 * first `</script`, whatever JSON thinks of it, and `<!--` changes how it looks for that end; so
 * every `<` becomes `\u003c` (the same string to JSON.parse). U+2028 and U+2029 are escaped too,
 * so the text stays valid should anyone paste it into older JavaScript.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A library's code, made safe to inline in `<script>…</script>`. The minified vega builds hold
 * neither `</script` nor `<!--` today; should a later version do so inside a string or a regular
 * expression, `<\/` and `<\!` mean the same there. The source-map comment goes, so that no
 * developer tool ever tries to fetch a `.map` file next to the report.
 */
export function inlineScript(code: string): string {
  return code
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}
