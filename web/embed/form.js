import { newKey, request } from './api.js';
import { commentNode, dropBrokenAvatars, el, label, placeComment } from './dom.js';

/* The reply form: submission with an Idempotency-Key, field errors, the 429 wait, reply links, moderation notes. */

export function setupForm(root, slug, state) {
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

  function say(text) {
    status.textContent = text;
  }
  function clearErrors() {
    form.querySelectorAll('.bc-error').forEach(function (n) {
      n.remove();
    });
    form.querySelectorAll('[aria-invalid]').forEach(function (n) {
      n.removeAttribute('aria-invalid');
      n.removeAttribute('aria-describedby');
    });
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
      cancel.addEventListener('click', function () {
        replyTo(null);
        form.elements.namedItem('body').focus();
      });
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
  form.addEventListener('input', function () {
    key = null;
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    var value = function (name) {
      var input = form.elements.namedItem(name);
      return input ? input.value.trim() : '';
    };
    var body = { body: value('body') };
    ['authorName', 'authorEmail', 'authorUrl', 'website2'].forEach(function (name) {
      if (value(name)) body[name] = value(name);
    });
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
    request(root, 'POST', '/posts/' + encodeURIComponent(slug) + '/comments', body, { 'Idempotency-Key': key }).then(
      function (r) {
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
            if (wait <= 0) {
              submit.disabled = false;
              say('You can post again now.');
              return;
            }
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
      },
      function () {
        busy = false;
        submit.disabled = false;
        say('Your comment could not be sent (network error). Please try again.');
      },
    );
  });
}
