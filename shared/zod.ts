/**
 * The project's one zod entry point: zod/mini (functional and tree-shakable, a fraction of classic zod's ~90 KB in
 * every Lambda bundle) with the English messages classic zod loads by default. zod/mini loads no locale, so without
 * this every default message would be a bare "Invalid input". Schema modules import zod from here, never directly.
 *
 * The locale comes from its own module: `z.locales.en()` would work too, but the `locales` namespace drags all ~50
 * locales (~200 KB) into the bundle.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

export * from 'zod/mini';

config(en());
