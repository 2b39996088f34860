package dev.keyward.operator;

/** What one Keyward process runs ({@code --mode}). */
public enum RunMode {
  /** The reconcilers and the HTTP API: one Deployment does everything. */
  all,
  /** The reconcilers and the signing-key rotation, without the HTTP API. */
  operator,
  /**
   * The HTTP API alone (verification, login, token exchange), fed by informers: no reconciler, no
   * leader election; it needs only list and watch on Keyward resources and read access to the
   * signing keys Secret.
   */
  verifier;

  public boolean reconciles() {
    return this != verifier;
  }

  public boolean servesHttp() {
    return this != operator;
  }
}
