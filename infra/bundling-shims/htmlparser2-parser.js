// Bundling alias for `htmlparser2` (see infra/bundling.ts). sanitize-html only uses `new htmlparser.Parser(...)`,
// but `require('htmlparser2')` pulls the CommonJS index with domhandler, domutils, dom-serializer and a second copy
// of `entities`. This re-exports the ES module Parser alone, which esbuild can tree-shake.
export { Parser } from '../../node_modules/htmlparser2/dist/esm/Parser.js';
