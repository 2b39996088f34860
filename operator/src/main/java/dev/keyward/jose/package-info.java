/**
 * JWS algorithms on BouncyCastle's lightweight API, as nimbus {@code JWSSigner}/{@code
 * JWSVerifier}: ES256 (signing and verification) and Ed25519 (verification). ES256 does not go
 * through the JDK: its provider signs and verifies P-256 several times slower, and the access-token
 * endpoint signs once per request. Nimbus still parses, serializes and carries the keys. Imports no
 * other Keyward package.
 */
package dev.keyward.jose;
