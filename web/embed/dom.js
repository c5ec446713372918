/* DOM building for the comments widget: elements, comment items, the form skeleton. Part of web/embed/comments.js. */

export function el(tag, attrs, children) {
  var node = document.createElement(tag);
  for (var name in attrs || {}) {
    if (attrs[name] === false || attrs[name] == null) continue;
    if (name === 'text') node.textContent = attrs[name];
    else node.setAttribute(name, attrs[name] === true ? '' : attrs[name]);
  }
  (children || []).forEach(function (child) {
    if (child) node.appendChild(child);
  });
  return node;
}

/* Comment HTML is sanitized by the API when it is written; this drops anything active once more before it is shown. */
export function safeFragment(html) {
  var template = document.createElement('template');
  template.innerHTML = html;
  template.content.querySelectorAll('script,style,iframe,object,embed,form,link,meta,base').forEach(function (n) {
    n.remove();
  });
  template.content.querySelectorAll('*').forEach(function (n) {
    Array.prototype.slice.call(n.attributes).forEach(function (a) {
      var value = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (/^on/i.test(a.name) || /^(javascript|vbscript|data):/.test(value) || a.name === 'style')
        n.removeAttribute(a.name);
    });
  });
  return template.content;
}

export const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric' });
export const label = {
  likes: function (n) {
    return n === 0 ? 'Be the first to like this' : n === 1 ? '1 person likes this' : n + ' people like this';
  },
  heading: function (n, title) {
    return (n === 0 ? 'No responses' : n + (n === 1 ? ' Response' : ' Responses')) + ' to \u201c' + title + '\u201d';
  },
};

export function commentNode(c, open, pending) {
  var meta = el('header', { class: 'bc-meta' }, [
    c.author.avatarUrl && /^https:/.test(c.author.avatarUrl)
      ? el('img', { class: 'bc-avatar', src: c.author.avatarUrl, alt: '', width: '40', height: '40', loading: 'lazy' })
      : null,
    el('span', { class: 'bc-name' }, [
      c.author.url && /^https?:/i.test(c.author.url)
        ? el('a', { href: c.author.url, rel: 'nofollow ugc noopener', text: c.author.name })
        : document.createTextNode(c.author.name),
    ]),
    c.author.isPostAuthor ? el('span', { class: 'bc-badge', text: 'Author' }) : null,
    c.number
      ? el('a', {
          class: 'bc-number',
          href: '#comment-' + c.id,
          'aria-label': 'Comment ' + c.number,
          text: '#' + c.number,
        })
      : null,
    el('time', { datetime: c.createdAt, text: dateFormat.format(new Date(c.createdAt)) }),
  ]);
  var body = el('div', { class: 'bc-body' });
  body.appendChild(safeFragment(c.html));
  var article = el('article', {}, [
    meta,
    body,
    pending ? el('p', { class: 'bc-pending-note', text: 'Your comment is awaiting moderation.' }) : null,
    open && !pending
      ? el('a', {
          class: 'bc-reply',
          href: '#respond',
          'data-reply-to': c.id,
          'aria-label': 'Reply to ' + c.author.name,
          text: 'Reply',
        })
      : null,
  ]);
  return el(
    'li',
    {
      id: 'comment-' + c.id,
      class: 'bc-comment' + (c.author.isPostAuthor ? ' bc-by-author' : '') + (pending ? ' bc-pending' : ''),
      'data-comment-id': c.id,
    },
    [article],
  );
}

/* Avatars come from Gravatar; one that cannot load is removed rather than shown as a broken image. */
export function dropBrokenAvatars(root) {
  root.querySelectorAll('img.bc-avatar').forEach(function (img) {
    if (img.complete && img.naturalWidth === 0) img.remove();
    else
      img.addEventListener('error', function () {
        img.remove();
      });
  });
}

export function placeComment(list, li, parentId) {
  var parent = parentId && list.querySelector('#comment-' + CSS.escape(parentId));
  if (!parent) return list.appendChild(li);
  var children = parent.querySelector(':scope > .bc-children');
  if (!children) children = parent.appendChild(el('ol', { class: 'bc-children' }));
  children.appendChild(li);
}

export function field(id, name, text, extra) {
  var input = el(name === 'body' ? 'textarea' : 'input', Object.assign({ id: id, name: name }, extra));
  return el('p', { class: 'bc-field' }, [el('label', { for: id, text: text }), input]);
}

/* The server-rendered markup, built for pages that only have the placeholder div. */
export function skeleton(root, slug) {
  var uid = 'bc-' + slug + '-';
  root.classList.add('bc');
  root.appendChild(
    el('p', { class: 'bc-likes' }, [
      el('button', { type: 'button', class: 'bc-like', 'aria-pressed': 'false', hidden: true, text: 'Like' }),
      el('span', { class: 'bc-like-count', 'aria-live': 'polite' }),
    ]),
  );
  root.appendChild(el('h2', { class: 'bc-title', text: 'Comments' }));
  root.appendChild(
    el('p', { class: 'bc-feed' }, [
      el('a', {
        href: root.apiBase + '/posts/' + encodeURIComponent(slug) + '/comments/feed.xml',
        text: 'Subscribe to comments with RSS',
      }),
    ]),
  );
  root.appendChild(el('ol', { class: 'bc-list', 'aria-busy': 'true' }));
  root.appendChild(
    el('form', { id: 'respond', class: 'bc-form', novalidate: true, hidden: true }, [
      el('h3', { class: 'bc-form-title', text: 'Leave a Reply' }),
      el('p', { class: 'bc-replying', hidden: true }),
      field(uid + 'body', 'body', 'Comment', { rows: '6', required: true, maxlength: '10000' }),
      field(uid + 'name', 'authorName', 'Name', { autocomplete: 'name', maxlength: '80' }),
      field(uid + 'email', 'authorEmail', 'Email (never shown)', { type: 'email', autocomplete: 'email' }),
      field(uid + 'url', 'authorUrl', 'Website', { type: 'url', autocomplete: 'url' }),
      el('p', { class: 'bc-hp', 'aria-hidden': 'true' }, [
        el('label', { for: uid + 'hp', text: 'Leave empty' }),
        el('input', { id: uid + 'hp', name: 'website2', tabindex: '-1', autocomplete: 'off' }),
      ]),
      el('p', {}, [el('button', { type: 'submit', class: 'bc-submit', text: 'Post Comment' })]),
      el('p', { class: 'bc-status', role: 'status', 'aria-live': 'polite' }),
    ]),
  );
}
