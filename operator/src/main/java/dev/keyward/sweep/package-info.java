/** Periodic passes beside a controller: clean-ups no owner reference can do, batched checks. */
package dev.keyward.sweep;
