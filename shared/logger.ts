import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per process. Never log request bodies, emails, IPs or tokens: logs are not private.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'blog',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
