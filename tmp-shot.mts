import { chromium } from 'playwright-core';
const [y, h] = [Number(process.argv[2]), Number(process.argv[3] ?? 700)];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 420, height: h } });
await p.setContent(`<body style="margin:0;overflow:hidden"><img src="data:image/png;base64,${(await import('node:fs')).readFileSync('test-results/browser/post-page.png').toString('base64')}" style="display:block;margin-top:-${y}px"></body>`);
await p.screenshot({ path: '/tmp/crop.png' });
await b.close();
