/**
 * The committed-block feed: {@code Flow} subscriptions to the chain from any height, delivered
 * on a small executor the node owns, each at the pace its subscriber asks for.
 *
 * <p>The consensus thread only appends to a bounded tail of recent blocks and nudges
 * subscriptions; it never runs subscriber code and never waits. A subscriber that falls behind
 * the tail catches up by reading blocks from the store, so a slow subscriber costs reads, not
 * memory. This package must never buffer blocks per subscriber, never block the publishing
 * thread, and never start threads of its own (the executor is given).
 */
package io.khata.net.feed;
