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
    /** By status and time: published posts newest first, scheduled posts by publishAt, comments by status. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** By slug: a post (gsi2sk "#POST") followed by its approved comments (gsi2sk "COMMENT#<ulid>"). */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Admin listings: all posts by update time; comments of one post by status. */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ] satisfies IndexDefinition[],
  /** Epoch seconds; idempotency records and rate-limit windows expire through TTL. */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type IndexName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];
