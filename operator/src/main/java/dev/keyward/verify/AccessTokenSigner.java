package dev.keyward.verify;

import com.nimbusds.jwt.JWTClaimsSet;

/** Signs access-token claims with the operator's current signing key (compact JWS). */
@FunctionalInterface
public interface AccessTokenSigner {
  String sign(JWTClaimsSet claims);
}
