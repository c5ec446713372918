import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderComment } from '../../shared/domain/render-comment.js';
import { renderPostMarkdown } from '../../shared/domain/render-markdown.js';
import { XSS_CONTAINMENT_VECTORS } from './xss-vectors.js';

/**
 * Stored HTML is placed inside a page (a comment inside the comment list): it must not leave its container, close
 * the page's elements or wrap what follows it in a link.
 */
function leaks(html: string): string[] {
  const document = new JSDOM(
    `<!doctype html><body><ol id="list"><li id="item">${html}</li><li id="next">next</li></ol><p id="after">after</p></body>`,
  ).window.document;
  const problems: string[] = [];
  const list = document.getElementById('list');
  if (document.getElementById('item')?.parentElement !== list) problems.push('its list item was closed');
  if (document.getElementById('next')?.parentElement !== list) problems.push('the next list item left the list');
  if (document.getElementById('after')?.parentElement !== document.body) problems.push('the following paragraph moved');
  for (const id of ['next', 'after'])
    if (document.getElementById(id)?.querySelector('a') || document.getElementById(id)?.closest('a'))
      problems.push(`#${id} is inside a link`);
  if (Array.from(document.body.children).some((e) => e !== list && e.id !== 'after'))
    problems.push('content outside the list');
  return problems;
}

describe.each(XSS_CONTAINMENT_VECTORS.map((v) => [v]))('%s', (vector) => {
  it('as a comment stays text inside its container', () => {
    const { html } = renderComment(`Before ${vector} after`);
    expect(html).not.toMatch(/<(?!\/?(p|br|a)\b)/); // only the paragraph (and autolinks) markdown made
    expect(leaks(html)).toEqual([]);
  });

  it('in a post stays inside its container', () => {
    expect(leaks(renderPostMarkdown(`Before ${vector} after`))).toEqual([]);
  });
});
