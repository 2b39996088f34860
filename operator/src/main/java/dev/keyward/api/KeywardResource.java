package dev.keyward.api;

/** Constants shared by every Keyward custom resource. */
public final class KeywardResource {
  public static final String GROUP = "keyward.dev";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "keyward";

  /**
   * Go duration syntax as accepted by CEL's {@code duration()}, for example {@code 720h} or {@code
   * 1h30m}.
   */
  public static final String DURATION_RULE =
      "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')";

  /** Names of roles, groups and scopes: lowercase words joined by '.', '_', ':' or '-'. */
  public static final String NAME_PATTERN = "^[a-z0-9]([a-z0-9._:-]{0,61}[a-z0-9])?$";

  /** Every item is a name as in {@link #NAME_PATTERN}. */
  public static final String NAMES_RULE =
      "self.all(x, x.matches('^[a-z0-9]([a-z0-9._:-]{0,61}[a-z0-9])?$'))";

  /** Every item of a list appears once; needs maxItems so the CEL cost stays bounded. */
  public static final String UNIQUE_ITEMS_RULE = "self.all(x, self.exists_one(y, y == x))";

  private KeywardResource() {}
}
