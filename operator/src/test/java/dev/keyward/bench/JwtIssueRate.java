package dev.keyward.bench;

import java.util.Optional;

/**
 * The JWT issue rate row. Signing is measured in-process once Keyward has a JWT issuer; until then
 * the row says "pending" rather than show a number that was not measured.
 */
final class JwtIssueRate {

  static final String ISSUER_CLASS = "dev.keyward.exchange.JwtIssuer";

  private JwtIssueRate() {}

  /** Tokens signed per second, or empty while there is no issuer to measure. */
  static Optional<Double> measure() {
    try {
      Class.forName(ISSUER_CLASS);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    // An issuer exists but this benchmark does not drive it yet: still pending, never guessed.
    return Optional.empty();
  }
}
