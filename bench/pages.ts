import { gzipSync } from 'node:zlib';
import { BLOG_CSS, WIDGET_JS } from '../shared/domain/pages/web-assets.generated.js';
import { spawnLocalRuntime } from '../test/support/runtime-process.js';
import { NA, table } from './report.js';

/**
 * Reader-side targets: widget ≤ 12 KB gzipped, demo post page HTML + CSS ≤ 30 KB gzipped, Lighthouse ≥ 95 in every
 * category for `/` and the demo post, measured against a seeded local runtime (its own child process) with the
 * Debian chromium. Lighthouse's performance score is its simulated mobile run (throttling simulated, not applied).
 */
export interface PageBenchRow {
  measure: string;
  value: number | string | null;
  target: string;
  withinTarget: boolean | null;
  note?: string;
}

export interface PageBenchResult {
  rows: PageBenchRow[];
  error?: string;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

async function lighthouseScores(url: string, port: number): Promise<Record<string, number>> {
  const { default: lighthouse } = await import('lighthouse');
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  const categories = result?.lhr.categories ?? {};
  return Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((categories[c]?.score ?? 0) * 100)]));
}

export async function runPageBenchmark(log: (line: string) => void): Promise<PageBenchResult> {
  const widgetGz = gzipSync(WIDGET_JS).length;
  const rows: PageBenchRow[] = [
    {
      measure: 'widget /embed/comments.js (gzip KB)',
      value: kb(widgetGz),
      target: '≤ 12',
      withinTarget: widgetGz <= 12 * 1024,
    },
  ];
  log('pages: starting a seeded local runtime');
  const runtime = await spawnLocalRuntime({ seed: true, env: { COMMENT_RATE_LIMIT: '0' } });
  try {
    const base = runtime.url.replace('//localhost:', '//127.0.0.1:');
    const post = (await (await fetch(`${base}/posts/hello-world`)).json()) as { url: string };
    const postUrl = post.url.replace('//localhost:', '//127.0.0.1:');
    let html = '';
    for (let i = 0; i < 100 && !html; i++) {
      const response = await fetch(postUrl);
      if (response.ok) html = await response.text();
      else await new Promise((r) => setTimeout(r, 200));
    }
    const pageGz = gzipSync(html).length + gzipSync(BLOG_CSS).length;
    rows.push({
      measure: 'demo post HTML + CSS, 15 comments (gzip KB)',
      value: kb(pageGz),
      target: '≤ 30',
      withinTarget: html !== '' && pageGz <= 30 * 1024,
    });

    log('pages: Lighthouse on / and the demo post (local chromium)');
    try {
      const { launch } = await import('chrome-launcher');
      const chrome = await launch({
        chromePath: CHROMIUM,
        chromeFlags: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      try {
        for (const [name, url] of [
          ['/', `${runtime.url}/`],
          ['demo post', post.url],
        ] as const) {
          const started = Date.now();
          const scores = await lighthouseScores(url, chrome.port);
          for (const category of CATEGORIES) {
            rows.push({
              measure: `Lighthouse ${category}: ${name}`,
              value: scores[category],
              target: '≥ 95',
              withinTarget: scores[category] >= 95,
              note: category === 'performance' ? `${Math.round((Date.now() - started) / 1000)} s run` : undefined,
            });
          }
        }
      } finally {
        await chrome.kill();
      }
    } catch (error) {
      rows.push({
        measure: 'Lighthouse',
        value: null,
        target: '≥ 95',
        withinTarget: null,
        note: (error as Error).message.split('\n')[0],
      });
    }
    return { rows };
  } finally {
    await runtime.stop();
  }
}

export function pageTable(result: PageBenchResult): string {
  if (result.error) return `${NA}: ${result.error}`;
  return table(
    ['measure', 'value', 'target', 'ok', 'note'],
    result.rows.map((r) => [r.measure, r.value, r.target, r.withinTarget, r.note ?? '']),
  );
}
