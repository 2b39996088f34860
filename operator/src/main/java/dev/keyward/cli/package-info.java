/**
 * {@code kubectl keyward}: a kubectl plugin for day-2 work with Keyward resources — status,
 * rotation, revocation, enabling, asking the verifier about a key, exchanging an application's
 * secret, and explaining why a resource is not Active. It talks to the Kubernetes API and to the
 * verifier's HTTP endpoints like any client; it never prints a key or secret it reads.
 */
package dev.keyward.cli;
