import type { Marked } from 'marked';
import { validationFailed } from './errors.js';

/**
 * Runs marked synchronously. Its parser recurses once per nesting level, so a body of thousands of nested quotes or
 * lists overflows the stack: that is the writer's input, answered with a 400 naming the field, never a 500.
 */
export function parseMarkdown(markdown: Marked, source: string): string {
  try {
    return markdown.parse(source, { async: false }) as string;
  } catch (error) {
    if (error instanceof RangeError)
      throw validationFailed([{ field: 'body', message: 'is nested too deeply to render' }]);
    throw error;
  }
}
