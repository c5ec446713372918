'use strict';
// Bundled in place of the npm package cssfilter (see infra/bundling.ts). js-xss requires it when it loads, but our
// sanitizer passes `css: false` and allows no style attribute, so it never filters CSS. Should it ever be asked to,
// this stand-in keeps no CSS at all.
class FilterCSS {
  process() {
    return '';
  }
}
module.exports = { FilterCSS, getDefaultWhiteList: () => ({}) };
