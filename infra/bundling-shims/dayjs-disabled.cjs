// Bundling alias for `dayjs` (see infra/bundling.ts). sanitize-html loads launder only for `naughtyHref`, which
// never touches dates; launder requires dayjs at the top for its date helpers, which nothing here calls.
module.exports = function dayjs() {
  throw new Error('dayjs is not bundled: launder date helpers are not used');
};
