/*
 * The comments widget: <div data-blog-comments data-post="SLUG"></div> + <script src="https://SITE/embed/comments.js" async>.
 * It hydrates comments the post page rendered into its HTML, or renders them itself on any other page, and adds the
 * reply form, reply links and the like button. No cookies, no inline scripts, no eval: it runs under a strict CSP.
 * Built (minified) into shared/domain/pages/web-assets.generated.ts by scripts/build-web-assets.ts.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var COMMENT_PAGE = 100;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      if (attrs[name] === false || attrs[name] == null) continue;
      if (name === 'text') node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name] === true ? '' : attrs[name]);
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* Comment HTML is sanitized by the API when it is written; this drops anything active once more before it is shown. */
  function safeFragment(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    template.content.querySelectorAll('script,style,iframe,object,embed,form,link,meta,base').forEach(function (n) { n.remove(); });
    template.content.querySelectorAll('*').forEach(function (n) {
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        var value = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (/^on/i.test(a.name) || /^(javascript|vbscript|data):/.test(value) || a.name === 'style') n.removeAttribute(a.name);
      });
    });
    return template.content;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  var dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric' });
  var label = {
    likes: function (n) { return n === 0 ? 'Be the first to like this' : n === 1 ? '1 person likes this' : n + ' people like this'; },
    heading: function (n, title) { return (n === 0 ? 'No responses' : n + (n === 1 ? ' Response' : ' Responses')) + ' to \u201c' + title + '\u201d'; },
  };

  function commentNode(c, open, pending) {
    var meta = el('header', { class: 'bc-meta' }, [
      c.author.avatarUrl && /^https:/.test(c.author.avatarUrl) ? el('img', { class: 'bc-avatar', src: c.author.avatarUrl, alt: '', width: '40', height: '40', loading: 'lazy' }) : null,
      el('span', { class: 'bc-name' }, [
        c.author.url && /^https?:/i.test(c.author.url) ? el('a', { href: c.author.url, rel: 'nofollow ugc noopener', text: c.author.name }) : document.createTextNode(c.author.name),
      ]),
      c.author.isPostAuthor ? el('span', { class: 'bc-badge', text: 'Author' }) : null,
      c.number ? el('a', { class: 'bc-number', href: '#comment-' + c.id, 'aria-label': 'Comment ' + c.number, text: '#' + c.number }) : null,
      el('time', { datetime: c.createdAt, text: dateFormat.format(new Date(c.createdAt)) }),
    ]);
    var body = el('div', { class: 'bc-body' });
    body.appendChild(safeFragment(c.html));
    var article = el('article', {}, [
      meta,
      body,
      pending ? el('p', { class: 'bc-pending-note', text: 'Your comment is awaiting moderation.' }) : null,
      open && !pending ? el('a', { class: 'bc-reply', href: '#respond', 'data-reply-to': c.id, 'aria-label': 'Reply to ' + c.author.name, text: 'Reply' }) : null,
    ]);
    return el('li', { id: 'comment-' + c.id, class: 'bc-comment' + (c.author.isPostAuthor ? ' bc-by-author' : '') + (pending ? ' bc-pending' : ''), 'data-comment-id': c.id }, [article]);
  }

  /* Avatars come from Gravatar; one that cannot load is removed rather than shown as a broken image. */
  function dropBrokenAvatars(root) {
    root.querySelectorAll('img.bc-avatar').forEach(function (img) {
      if (img.complete && img.naturalWidth === 0) img.remove();
      else img.addEventListener('error', function () { img.remove(); });
    });
  }

  function placeComment(list, li, parentId) {
    var parent = parentId && list.querySelector('#comment-' + CSS.escape(parentId));
    if (!parent) return list.appendChild(li);
    var children = parent.querySelector(':scope > .bc-children');
    if (!children) children = parent.appendChild(el('ol', { class: 'bc-children' }));
    children.appendChild(li);
  }

  function field(id, name, text, extra) {
    var input = el(name === 'body' ? 'textarea' : 'input', Object.assign({ id: id, name: name }, extra));
    return el('p', { class: 'bc-field' }, [el('label', { for: id, text: text }), input]);
  }

  /* The server-rendered markup, built for pages that only have the placeholder div. */
  function skeleton(root, slug) {
    var uid = 'bc-' + slug + '-';
    root.classList.add('bc');
    root.appendChild(el('p', { class: 'bc-likes' }, [
      el('button', { type: 'button', class: 'bc-like', 'aria-pressed': 'false', hidden: true, text: 'Like' }),
      el('span', { class: 'bc-like-count', 'aria-live': 'polite' }),
    ]));
    root.appendChild(el('h2', { class: 'bc-title', text: 'Comments' }));
    root.appendChild(el('p', { class: 'bc-feed' }, [el('a', { href: root.apiBase + '/posts/' + encodeURIComponent(slug) + '/comments/feed.xml', text: 'Subscribe to comments with RSS' })]));
    root.appendChild(el('ol', { class: 'bc-list', 'aria-busy': 'true' }));
    root.appendChild(el('form', { id: 'respond', class: 'bc-form', novalidate: true, hidden: true }, [
      el('h3', { class: 'bc-form-title', text: 'Leave a Reply' }),
      el('p', { class: 'bc-replying', hidden: true }),
      field(uid + 'body', 'body', 'Comment', { rows: '6', required: true, maxlength: '10000' }),
      field(uid + 'name', 'authorName', 'Name', { autocomplete: 'name', maxlength: '80' }),
      field(uid + 'email', 'authorEmail', 'Email (never shown)', { type: 'email', autocomplete: 'email' }),
      field(uid + 'url', 'authorUrl', 'Website', { type: 'url', autocomplete: 'url' }),
      el('p', { class: 'bc-hp', 'aria-hidden': 'true' }, [el('label', { for: uid + 'hp', text: 'Leave empty' }), el('input', { id: uid + 'hp', name: 'website2', tabindex: '-1', autocomplete: 'off' })]),
      el('p', {}, [el('button', { type: 'submit', class: 'bc-submit', text: 'Post Comment' })]),
      el('p', { class: 'bc-status', role: 'status', 'aria-live': 'polite' }),
    ]));
  }

  function request(root, method, path, body, headers) {
    return fetch(root.apiBase + path, {
      method: method,
      mode: 'cors',
      credentials: 'omit',
      headers: Object.assign(body ? { 'Content-Type': 'application/json' } : {}, headers || {}),
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { status: response.status, headers: response.headers, json: json };
      });
    });
  }

  function loadComments(root, slug, state) {
    var list = root.querySelector('.bc-list');
    var seen = 0;
    function page(cursor) {
      return request(root, 'GET', '/posts/' + encodeURIComponent(slug) + '/comments?limit=' + COMMENT_PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then(function (r) {
        if (r.status !== 200 || !r.json) throw new Error('comments ' + r.status);
        r.json.items.forEach(function (c) { seen++; placeComment(list, commentNode(c, state.open), c.parentId); });
        if (r.json.nextCursor) return page(r.json.nextCursor);
      });
    }
    return page().then(function () {
      state.count = seen;
      list.removeAttribute('aria-busy');
    });
  }

  function setupLikes(root, slug, state) {
    var button = root.querySelector('.bc-like');
    var count = root.querySelector('.bc-like-count');
    if (!button || !count) return;
    var storeKey = 'blog-liked:' + slug;
    var liked = false;
    try { liked = localStorage.getItem(storeKey) === '1'; } catch (e) { liked = false; }
    function show(n) { count.textContent = label.likes(n); }
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
      request(root, 'POST', '/posts/' + encodeURIComponent(slug) + '/likes').then(function (r) {
        busy = false;
        if (r.status === 200 && r.json) {
          show(r.json.likeCount);
          try { localStorage.setItem(storeKey, '1'); } catch (e) { /* private mode: the server still counts one */ }
        } else {
          pressed(false);
          count.textContent = r.status === 429 ? 'Too many requests; try again shortly.' : 'The like could not be saved.';
        }
      }, function () {
        busy = false;
        pressed(false);
        count.textContent = 'The like could not be saved (network error).';
      });
    });
  }

  function setupForm(root, slug, state) {
    var form = root.querySelector('form.bc-form');
    if (!form) return;
    var status = form.querySelector('.bc-status');
    var submit = form.querySelector('[type=submit]');
    var replying = form.querySelector('.bc-replying');
    var list = root.querySelector('.bc-list');
    var parentId = null;
    var key = null;
    var busy = false;
    form.hidden = false;

    function say(text) { status.textContent = text; }
    function clearErrors() {
      form.querySelectorAll('.bc-error').forEach(function (n) { n.remove(); });
      form.querySelectorAll('[aria-invalid]').forEach(function (n) { n.removeAttribute('aria-invalid'); n.removeAttribute('aria-describedby'); });
    }
    function fieldError(name, message) {
      var input = form.elements.namedItem(name);
      if (!input || !input.id) return false;
      var note = el('span', { class: 'bc-error', id: input.id + '-error', text: message });
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', note.id);
      input.parentNode.appendChild(note);
      return input;
    }
    function replyTo(id, name) {
      parentId = id;
      key = null;
      replying.textContent = '';
      if (id) {
        replying.appendChild(document.createTextNode('Replying to ' + name + ' '));
        var cancel = el('button', { type: 'button', class: 'bc-cancel', text: 'Cancel reply' });
        cancel.addEventListener('click', function () { replyTo(null); form.elements.namedItem('body').focus(); });
        replying.appendChild(cancel);
      }
      replying.hidden = !id;
    }

    root.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('.bc-reply');
      if (!link || !root.contains(link)) return;
      event.preventDefault();
      var li = link.closest('.bc-comment');
      var name = li.querySelector('.bc-name');
      replyTo(link.getAttribute('data-reply-to'), name ? name.textContent : 'this comment');
      form.elements.namedItem('body').focus();
    });
    form.addEventListener('input', function () { key = null; });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      clearErrors();
      var value = function (name) { var input = form.elements.namedItem(name); return input ? input.value.trim() : ''; };
      var body = { body: value('body') };
      ['authorName', 'authorEmail', 'authorUrl', 'website2'].forEach(function (name) { if (value(name)) body[name] = value(name); });
      if (parentId) body.parentId = parentId;
      if (!body.body) {
        fieldError('body', 'Please write a comment.').focus();
        say('Please write a comment.');
        return;
      }
      key = key || newKey();
      busy = true;
      submit.disabled = true;
      say('Posting your comment\u2026');
      request(root, 'POST', '/posts/' + encodeURIComponent(slug) + '/comments', body, { 'Idempotency-Key': key }).then(function (r) {
        busy = false;
        submit.disabled = false;
        var error = r.json && r.json.error;
        if (r.status === 201 || (r.status === 200 && r.json && r.json.comment)) {
          var pending = r.json.status !== 'approved';
          var li = commentNode(r.json.comment, state.open, pending);
          placeComment(list, li, r.json.comment.parentId);
          dropBrokenAvatars(li);
          if (!pending) {
            state.count += 1;
            var heading = root.querySelector('.bc-title');
            if (heading && state.title) heading.textContent = label.heading(state.count, state.title);
          }
          form.elements.namedItem('body').value = '';
          replyTo(null);
          key = null;
          say(pending ? 'Thank you! Your comment is awaiting moderation.' : 'Your comment was posted.');
          return;
        }
        if (r.status === 429) {
          var wait = Math.max(1, parseInt(r.headers.get('Retry-After') || '60', 10) || 60);
          submit.disabled = true;
          var tick = function () {
            if (wait <= 0) { submit.disabled = false; say('You can post again now.'); return; }
            say('You are posting too quickly. Please wait ' + wait + ' second' + (wait === 1 ? '' : 's') + '.');
            wait -= 1;
            setTimeout(tick, 1000);
          };
          tick();
          return;
        }
        var first = null;
        ((error && error.details) || []).forEach(function (d) {
          var input = d && d.field ? fieldError(d.field, d.message) : false;
          first = first || input;
        });
        if (first) first.focus();
        say((error && error.message) || 'Your comment could not be posted (HTTP ' + r.status + ').');
      }, function () {
        busy = false;
        submit.disabled = false;
        say('Your comment could not be sent (network error). Please try again.');
      });
    });
  }

  function ensureStyles() {
    if (document.querySelector('link[data-bc-styles], link[href*="/assets/blog.css"]')) return;
    document.head.appendChild(el('link', { rel: 'stylesheet', href: scriptOrigin + '/assets/comments.css', 'data-bc-styles': true }));
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
    request(root, 'GET', '/posts/' + encodeURIComponent(slug)).then(function (r) {
      if (r.status !== 200 || !r.json) throw new Error('post ' + r.status);
      state.open = r.json.commentsOpen !== false;
      state.likes = r.json.likeCount;
      state.title = r.json.title;
      return loadComments(root, slug, state);
    }).then(function () {
      root.querySelector('.bc-title').textContent = label.heading(state.count, state.title);
      dropBrokenAvatars(root);
      setupLikes(root, slug, state);
      if (state.open) setupForm(root, slug, state);
    }).catch(function () {
      var list = root.querySelector('.bc-list');
      list.removeAttribute('aria-busy');
      root.querySelector('.bc-title').textContent = 'Comments';
      status.textContent = 'Comments could not be loaded.';
      status.closest('form').hidden = false;
      status.closest('form').querySelectorAll('input,textarea,button').forEach(function (n) { n.disabled = true; });
    });
  }

  function start() { document.querySelectorAll('[data-blog-comments]').forEach(init); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
