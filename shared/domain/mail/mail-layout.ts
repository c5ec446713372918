import { escapeHtml, multiLine, safeUrl, singleLine } from './mail-text.js';

/**
 * Every message body is a list of blocks rendered twice, as text and as HTML, so the two bodies cannot say different
 * things and escaping happens in exactly one place.
 */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'quote'; text: string; by?: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'note'; text: string };

export interface MailBody {
  text: string;
  html: string;
}

const STYLE = {
  body: 'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px',
  quote: 'margin:12px 0;padding:8px 12px;border-left:3px solid #ccc;color:#444;white-space:pre-line',
  button:
    'display:inline-block;margin:4px 8px 4px 0;padding:8px 14px;background:#1a5fb4;color:#fff;text-decoration:none;border-radius:4px',
  note: 'font-size:13px;color:#666',
};

function textOf(block: MailBlock): string | undefined {
  switch (block.kind) {
    case 'paragraph':
    case 'note':
      return multiLine(block.text);
    case 'quote': {
      const quoted = multiLine(block.text)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
      return block.by ? `${singleLine(block.by)}:\n${quoted}` : quoted;
    }
    case 'link': {
      const url = safeUrl(block.url);
      return url ? `${singleLine(block.label)}: ${url}` : undefined;
    }
  }
}

function htmlOf(block: MailBlock): string | undefined {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(multiLine(block.text)).replace(/\n/g, '<br>')}</p>`;
    case 'note':
      return `<p style="${STYLE.note}">${escapeHtml(multiLine(block.text)).replace(/\n/g, '<br>')}</p>`;
    case 'quote': {
      const by = block.by
        ? `<p style="margin:12px 0 0"><strong>${escapeHtml(singleLine(block.by))}</strong> wrote:</p>`
        : '';
      return `${by}<blockquote style="${STYLE.quote}">${escapeHtml(multiLine(block.text))}</blockquote>`;
    }
    case 'link': {
      const url = safeUrl(block.url);
      return url
        ? `<p><a href="${escapeHtml(url)}" style="${STYLE.button}">${escapeHtml(singleLine(block.label))}</a></p>`
        : undefined;
    }
  }
}

export function renderBody(title: string, blocks: MailBlock[]): MailBody {
  const heading = singleLine(title);
  const text = [
    heading,
    '',
    ...blocks
      .map(textOf)
      .filter((t): t is string => t !== undefined)
      .flatMap((t) => [t, '']),
  ]
    .join('\n')
    .trimEnd();
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(heading)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<h1 style="font-size:20px">${escapeHtml(heading)}</h1>`,
    ...blocks.map(htmlOf).filter((h): h is string => h !== undefined),
    '</body></html>',
  ].join('\n');
  return { text: `${text}\n`, html };
}
