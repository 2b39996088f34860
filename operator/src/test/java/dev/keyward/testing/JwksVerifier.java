package dev.keyward.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.Set;

/**
 * An access-token verifier as a resource server would configure it, knowing nothing but the
 * published JWKS, the issuer and its own audience: ES256 only, {@code typ: at+jwt}, RFC 9068
 * claims.
 */
public final class JwksVerifier {

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public JwksVerifier(String jwksJson, String issuer, String audience) throws Exception {
    JWKSet keys = JWKSet.parse(jwksJson);
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys)));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "client_id", "iat", "exp", "jti", "scope")));
  }

  /** The verified claims; throws when the token is not acceptable. */
  public JWTClaimsSet verify(String token) throws Exception {
    return processor.process(token, null);
  }
}
