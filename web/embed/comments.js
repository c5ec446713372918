/*
 * The comments widget: <div data-blog-comments data-post="SLUG"></div> + <script src="https://SITE/embed/comments.js" async>.
 * It hydrates comments the post page rendered into its HTML, or renders them itself on any other page, and adds the
 * reply form, reply links and the like button. No cookies, no inline scripts, no eval: it runs under a strict CSP.
 * Built (minified) into shared/domain/pages/web-assets.generated.ts by scripts/build-web-assets.ts.
 */
import { request } from './api.js';
import { commentNode, dropBrokenAvatars, el, label, placeComment, skeleton } from './dom.js';
import { setupForm } from './form.js';
import { setupLikes } from './likes.js';

const script = document.currentScript;
const scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
const COMMENT_PAGE = 100;

function loadComments(root, slug, state) {
  var list = root.querySelector('.bc-list');
  var seen = 0;
  function page(cursor) {
    return request(
      root,
      'GET',
      '/posts/' +
        encodeURIComponent(slug) +
        '/comments?limit=' +
        COMMENT_PAGE +
        (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''),
    ).then(function (r) {
      if (r.status !== 200 || !r.json) throw new Error('comments ' + r.status);
      r.json.items.forEach(function (c) {
        seen++;
        placeComment(list, commentNode(c, state.open), c.parentId);
      });
      if (r.json.nextCursor) return page(r.json.nextCursor);
    });
  }
  return page().then(function () {
    state.count = seen;
    list.removeAttribute('aria-busy');
  });
}

function ensureStyles() {
  if (document.querySelector('link[data-bc-styles], link[href*="/assets/blog.css"]')) return;
  document.head.appendChild(
    el('link', { rel: 'stylesheet', href: scriptOrigin + '/assets/comments.css', 'data-bc-styles': true }),
  );
}

function init(root) {
  if (root.bcReady) return;
  root.bcReady = true;
  var slug = root.getAttribute('data-post');
  if (!slug) return;
  root.apiBase = (root.getAttribute('data-api') || scriptOrigin).replace(/\/+$/, '');
  var rendered = root.querySelector('.bc-list');
  var state = {
    open: root.getAttribute('data-open') !== 'false',
    likes: root.hasAttribute('data-likes') ? Number(root.getAttribute('data-likes')) : null,
    count: rendered ? rendered.querySelectorAll('.bc-comment').length : 0,
    title: root.getAttribute('data-title'),
  };
  if (rendered) {
    dropBrokenAvatars(root);
    setupLikes(root, slug, state);
    setupForm(root, slug, state);
    return;
  }
  ensureStyles();
  skeleton(root, slug);
  var status = root.querySelector('.bc-status');
  request(root, 'GET', '/posts/' + encodeURIComponent(slug))
    .then(function (r) {
      if (r.status !== 200 || !r.json) throw new Error('post ' + r.status);
      state.open = r.json.commentsOpen !== false;
      state.likes = r.json.likeCount;
      state.title = r.json.title;
      return loadComments(root, slug, state);
    })
    .then(function () {
      root.querySelector('.bc-title').textContent = label.heading(state.count, state.title);
      dropBrokenAvatars(root);
      setupLikes(root, slug, state);
      if (state.open) setupForm(root, slug, state);
    })
    .catch(function () {
      var list = root.querySelector('.bc-list');
      list.removeAttribute('aria-busy');
      root.querySelector('.bc-title').textContent = 'Comments';
      status.textContent = 'Comments could not be loaded.';
      status.closest('form').hidden = false;
      status
        .closest('form')
        .querySelectorAll('input,textarea,button')
        .forEach(function (n) {
          n.disabled = true;
        });
    });
}

function start() {
  document.querySelectorAll('[data-blog-comments]').forEach(init);
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
