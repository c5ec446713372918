/* The widget's HTTP calls to the blog API (CORS, no credentials) and its Idempotency-Key source. */

export function newKey() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map
    .call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    })
    .join('');
}

export function request(root, method, path, body, headers) {
  return fetch(root.apiBase + path, {
    method: method,
    mode: 'cors',
    credentials: 'omit',
    headers: Object.assign(body ? { 'Content-Type': 'application/json' } : {}, headers || {}),
    body: body ? JSON.stringify(body) : undefined,
  }).then(function (response) {
    return response.text().then(function (text) {
      var json;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return { status: response.status, headers: response.headers, json: json };
    });
  });
}
