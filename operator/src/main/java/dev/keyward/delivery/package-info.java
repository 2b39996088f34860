/**
 * Delivery of an ApiToken's or Application's Secret into other namespaces, each with its consent
 * (an AccessGrant of kind Secret there). Copies carry labels naming their source (no owner
 * reference can cross namespaces), follow every new key in the same reconcile that wrote it, never
 * replace a Secret that is not their own, and are removed when the request, the consent or the
 * source goes.
 */
package dev.keyward.delivery;
