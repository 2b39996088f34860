/**
 * Last use of credentials: the verifier notes each accepted key in memory and writes {@code
 * status.lastUsedAt} at most once per credential per interval — across all replicas, thanks to an
 * optimistic-concurrency check on the resource version — never once per request.
 */
package dev.keyward.usage;
