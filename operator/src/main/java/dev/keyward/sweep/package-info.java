/** Periodic clean-up passes for what no owner reference can remove. */
package dev.keyward.sweep;
