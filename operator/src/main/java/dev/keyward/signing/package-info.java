/**
 * Consumer signing credentials (Sunbird/Kong consumers): key material for SigningCredentials, and
 * the verification of the JWTs consumers sign with it — at the forward-auth check and as RFC 7523
 * {@code private_key_jwt} client assertions. JOSE is nimbus-jose-jwt; Ed25519 signatures are
 * BouncyCastle's (nimbus's own Ed25519 classes need Tink, which Keyward does not ship).
 */
package dev.keyward.signing;
