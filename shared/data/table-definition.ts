/**
 * The one table definition. CDK builds the deployed table from it and the local runtime creates the DynamoDB Local
 * table from it, so the two cannot drift. Every key attribute is a string. See docs/data-model.md.
 */
export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** All GSIs project ALL attributes: every read is served by one Query without a follow-up GetItem. */
  globalSecondaryIndexes: [
    /** By status and time: posts by status (newest first, scheduled by publishAt), comments by status site-wide. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * Unused since data layout v2 (was: by slug). Kept so that deploying v2 changes no index: CloudFormation can
     * change one GSI per update, and dropping it can be its own later deploy.
     */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Admin listing of all posts by update time. */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ] satisfies IndexDefinition[],
  /** Epoch seconds; idempotency records and rate-limit windows expire through TTL. */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type IndexName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];
