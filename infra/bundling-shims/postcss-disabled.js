// Bundling alias for `postcss` (see infra/bundling.ts). sanitize-html calls postcss only to filter an allowed
// `style` attribute, and our sanitizer allows none. If one were ever allowed, this throws, and sanitize-html's own
// catch drops the style attribute: the failure strips styling, it never lets unsanitized CSS through.
export function parse() {
  throw new Error('postcss is not bundled: style attributes are not allowed');
}
