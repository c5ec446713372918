import { App } from 'aws-cdk-lib';
import { buildBlogApp } from './blog-app.js';
import { blogConfigFromContext } from './config.js';

// cdk.json "app": `npx tsx infra/app.ts`. Configuration: cdk.json context "blog" plus -c overrides (docs/deploy.md).
const app = new App();
buildBlogApp(
  app,
  blogConfigFromContext((key) => app.node.tryGetContext(key)),
);
app.synth();
