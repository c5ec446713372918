import { request } from './api.js';
import { label } from './dom.js';

/* The like button: one like per visitor (the API counts it once; localStorage remembers it here). */

export function setupLikes(root, slug, state) {
  var button = root.querySelector('.bc-like');
  var count = root.querySelector('.bc-like-count');
  if (!button || !count) return;
  var storeKey = 'blog-liked:' + slug;
  var liked;
  try {
    liked = localStorage.getItem(storeKey) === '1';
  } catch {
    liked = false;
  }
  function show(n) {
    count.textContent = label.likes(n);
  }
  function pressed(on) {
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = on ? 'Liked' : 'Like';
  }
  pressed(liked);
  if (state.likes != null) show(state.likes);
  button.hidden = false;
  var busy = false;
  button.addEventListener('click', function () {
    if (busy || button.getAttribute('aria-pressed') === 'true') return;
    busy = true;
    pressed(true);
    request(root, 'POST', '/posts/' + encodeURIComponent(slug) + '/likes').then(
      function (r) {
        busy = false;
        if (r.status === 200 && r.json) {
          show(r.json.likeCount);
          try {
            localStorage.setItem(storeKey, '1');
          } catch {
            /* private mode: the server still counts one */
          }
        } else {
          pressed(false);
          count.textContent =
            r.status === 429 ? 'Too many requests; try again shortly.' : 'The like could not be saved.';
        }
      },
      function () {
        busy = false;
        pressed(false);
        count.textContent = 'The like could not be saved (network error).';
      },
    );
  });
}
