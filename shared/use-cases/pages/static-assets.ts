import { CSS_CONTENT_TYPE, JS_CONTENT_TYPE, type PageDocument } from '../../domain/pages/page-types.js';
import { PAGE_KEYS } from '../../domain/pages/permalink.js';
import { BLOG_CSS, COMMENTS_CSS, WIDGET_JS } from '../../domain/pages/web-assets.generated.js';

/** The widget and stylesheets change only with a deploy; an hour of caching is plenty. */
export const ASSET_CACHE_CONTROL = 'public, max-age=3600';

export function staticAssets(): (PageDocument & { cacheControl: string })[] {
  return [
    { key: PAGE_KEYS.stylesheet, body: BLOG_CSS, contentType: CSS_CONTENT_TYPE, cacheControl: ASSET_CACHE_CONTROL },
    {
      key: PAGE_KEYS.commentsStylesheet,
      body: COMMENTS_CSS,
      contentType: CSS_CONTENT_TYPE,
      cacheControl: ASSET_CACHE_CONTROL,
    },
    { key: PAGE_KEYS.widget, body: WIDGET_JS, contentType: JS_CONTENT_TYPE, cacheControl: ASSET_CACHE_CONTROL },
  ];
}
