/** The Keyward custom resources (group {@code keyward.dev}, version {@code v1alpha1}). */
package dev.keyward.api;
