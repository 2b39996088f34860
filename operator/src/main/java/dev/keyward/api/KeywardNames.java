package dev.keyward.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** Owns every derived name, label and annotation, so none is built inline elsewhere. */
public final class KeywardNames {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "keyward";
  public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

  /** The kind of the resource a Secret belongs to, so each controller caches only its own. */
  public static final String OWNER_KIND_LABEL = "keyward.dev/owner-kind";

  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  /** Digest of the credential the Secret holds, written with it: tells a crash from an edit. */
  public static final String DIGEST_ANNOTATION = "keyward.dev/sha256";

  /** Any new value asks for an immediate rotation. */
  public static final String ROTATE_ANNOTATION = "keyward.dev/rotate";

  /** Any new value replaces the key at once, with no grace period for any earlier key. */
  public static final String REVOKE_ANNOTATION = "keyward.dev/revoke";

  /**
   * Any new value deprecates the current key: it verifies for no call until a rotation ({@link
   * #ROTATE_ANNOTATION} or {@link #REVOKE_ANNOTATION}) issues a new one.
   */
  public static final String DEPRECATE_ANNOTATION = "keyward.dev/deprecate";

  /**
   * Why the key in a Secret was written (issue, rotate, reissue, revoke), written with it: after a
   * crash before the status write, only a rotation gives the replaced key a grace period.
   */
  public static final String INTENT_ANNOTATION = "keyward.dev/intent";

  /** On a user-supplied password Secret: the ApiUser it is for; without it the Secret is unused. */
  public static final String PASSWORD_FOR_ANNOTATION = "keyward.dev/password-for";

  /** Marks the operator-owned Secret that holds an ApiUser's password record (Argon2id PHC). */
  public static final String PASSWORD_RECORD_LABEL = "keyward.dev/password-record";

  /**
   * Labels that tie a password record, in the operator's namespace, to its ApiUser (no owner ref
   * can cross namespaces): the uid decides, namespace and name find the user to ask about.
   */
  public static final String APIUSER_UID_LABEL = "keyward.dev/apiuser-uid";

  public static final String APIUSER_NAMESPACE_LABEL = "keyward.dev/apiuser-namespace";
  public static final String APIUSER_NAME_LABEL = "keyward.dev/apiuser-name";

  /** On the password record: which password it was computed from (uid and resource version). */
  public static final String PASSWORD_SOURCE_ANNOTATION = "keyward.dev/password-source";

  public static final String PASSWORD_RECORD_DATA_KEY = "phc";

  /** Grace period (Go duration) for the rotation that {@link #ROTATE_ANNOTATION} asks for. */
  public static final String ROTATE_GRACE_ANNOTATION = "keyward.dev/rotate-grace";

  /**
   * On a Deployment, StatefulSet or DaemonSet: the Secrets (comma-separated names, same namespace)
   * whose new keys restart it once each.
   */
  public static final String RESTART_ON_ROTATION_ANNOTATION = "keyward.dev/restart-on-rotation";

  /**
   * On a restarted workload: for each Secret, the start of the key digest it was last restarted for
   * ({@code secret=digest,...}), so that a restarted operator or a resync never restarts again.
   */
  public static final String RESTARTED_FOR_ANNOTATION = "keyward.dev/restarted-for";

  /** The pod template annotation {@code kubectl rollout restart} sets. */
  public static final String RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

  public static final String TOKEN_DATA_KEY = "token";
  public static final String PASSWORD_DATA_KEY = "password";
  public static final String USERNAME_DATA_KEY = "username";

  public static final String APP_ID_DATA_KEY = "appId";
  public static final String APP_SECRET_DATA_KEY = "appSecret";
  public static final String TOKEN_ENDPOINT_DATA_KEY = "tokenEndpoint";

  /** Labels that find an Application's RoleBindings in other namespaces (no owner refs there). */
  public static final String APP_UID_LABEL = "keyward.dev/application-uid";

  public static final String APP_NAMESPACE_LABEL = "keyward.dev/application-namespace";
  public static final String APP_NAME_LABEL = "keyward.dev/application-name";
  public static final String APP_ROLE_LABEL = "keyward.dev/role";

  /**
   * Labels and annotation that tie a delivered copy of a Secret, in another namespace, to the
   * ApiToken or Application it comes from (no owner reference can cross namespaces): the uid
   * decides, namespace and name find the source to ask about.
   */
  public static final String DELIVERED_FROM_UID_LABEL = "keyward.dev/delivered-from-uid";

  public static final String DELIVERED_FROM_NAMESPACE_LABEL =
      "keyward.dev/delivered-from-namespace";
  public static final String DELIVERED_FROM_NAME_LABEL = "keyward.dev/delivered-from-name";
  public static final String DELIVERED_FROM_NAME_ANNOTATION = "keyward.dev/delivered-from-name";

  /** Holds an Application until its RoleBindings in project namespaces are gone. */
  public static final String APP_FINALIZER = "keyward.dev/rolebindings";

  /** Secret in the operator's namespace holding the JWT signing keys (private JWK set). */
  public static final String SIGNING_KEYS_SECRET = "keyward-signing-keys";

  public static final String SIGNING_KEYS_DATA_KEY = "jwks.json";

  /** Marks the operator-owned copy of an HS256 SigningCredential's secret, for the verifier. */
  public static final String SIGNING_RECORD_LABEL = "keyward.dev/signing-record";

  /** Ties a signing record, in the operator's namespace, to its SigningCredential by uid. */
  public static final String SIGNING_CREDENTIAL_UID_LABEL = "keyward.dev/signingcredential-uid";

  public static final String SIGNING_CREDENTIAL_NAMESPACE_LABEL =
      "keyward.dev/signingcredential-namespace";

  public static final String SIGNING_CREDENTIAL_NAME_LABEL = "keyward.dev/signingcredential-name";

  /** On a signing credential's Secret and record: the key id of the key it holds. */
  public static final String KEY_ID_ANNOTATION = "keyward.dev/kid";

  /** On a signing credential's Secret: the keyward.dev/rotate value that produced its key. */
  public static final String ROTATED_FOR_ANNOTATION = "keyward.dev/rotated-for";

  /** On a signing credential's Secret: when its key was issued (RFC 3339). */
  public static final String ISSUED_AT_ANNOTATION = "keyward.dev/issued-at";

  private KeywardNames() {}

  /** The ServiceAccount created for an Application, in the Application's namespace. */
  public static String serviceAccountName(Application app) {
    return "kwapp-" + app.getMetadata().getName();
  }

  /**
   * Kubernetes username of an Application's ServiceAccount, as RBAC and SubjectAccessReview see it.
   */
  public static String serviceAccountUser(Application app) {
    return "system:serviceaccount:"
        + app.getMetadata().getNamespace()
        + ":"
        + serviceAccountName(app);
  }

  /**
   * The RoleBinding of one role of an Application in a project namespace. The uid prefix keeps two
   * Applications whose name and role happen to concatenate alike apart.
   */
  public static String roleBindingName(Application app, String role) {
    String uid = app.getMetadata().getUid();
    String name = "kwapp-" + app.getMetadata().getName() + "-" + role + "-" + uid.substring(0, 8);
    return name.length() <= 253 ? name : "kwapp-" + uid + "-" + role;
  }

  /** Longest label value Kubernetes accepts. */
  public static final int MAX_LABEL_VALUE = 63;

  /**
   * A resource name as a label value: the name itself when it fits, else its first characters and a
   * hash of the whole name, so that two long names never share a value by accident. Informational:
   * the uid label is what ties a labelled object to its owner.
   */
  public static String labelValue(String name) {
    if (name.length() <= MAX_LABEL_VALUE) {
      return name;
    }
    String hash = sha256Hex(name).substring(0, 10);
    String prefix = name.substring(0, MAX_LABEL_VALUE - hash.length() - 1).replaceAll("[-.]+$", "");
    return prefix + "-" + hash;
  }

  private static String sha256Hex(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Labels of an Application's RoleBinding. The uid label ties it to the Application; the name
   * label is shortened with a hash where the name does not fit a label value.
   */
  public static Map<String, String> roleBindingLabels(Application app, String role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(APP_UID_LABEL, app.getMetadata().getUid());
    labels.put(APP_NAMESPACE_LABEL, app.getMetadata().getNamespace());
    labels.put(APP_NAME_LABEL, labelValue(app.getMetadata().getName()));
    // Label values cannot hold ':', which role names may contain; the label is informational.
    labels.put(APP_ROLE_LABEL, role.replace(':', '_'));
    return labels;
  }

  /** Label selector for every RoleBinding Keyward made for this Application. */
  public static String roleBindingSelector(Application app) {
    return MANAGED_SELECTOR + "," + APP_UID_LABEL + "=" + app.getMetadata().getUid();
  }

  /** Selects the Secrets Keyward made for resources of one kind. */
  public static String managedSelector(String ownerKind) {
    return MANAGED_SELECTOR + "," + OWNER_KIND_LABEL + "=" + ownerKind;
  }

  /**
   * Labels of a copy of {@code source}'s Secret delivered into another namespace: the Secret
   * informer of the source's controller sees it (managed-by, owner kind) and the uid ties it to
   * exactly this source.
   */
  public static Map<String, String> deliveredCopyLabels(HasMetadata source) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(OWNER_KIND_LABEL, source.getKind());
    labels.put(DELIVERED_FROM_UID_LABEL, source.getMetadata().getUid());
    labels.put(DELIVERED_FROM_NAMESPACE_LABEL, source.getMetadata().getNamespace());
    if (source.getMetadata().getName().length() <= 63) {
      labels.put(DELIVERED_FROM_NAME_LABEL, source.getMetadata().getName());
    }
    return labels;
  }

  /** True when the Secret is a copy Keyward delivered from this very source (same uid). */
  public static boolean isDeliveredCopyOf(HasMetadata secret, HasMetadata source) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null
        && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL))
        && source.getMetadata().getUid().equals(labels.get(DELIVERED_FROM_UID_LABEL));
  }

  public static String secretName(HasMetadata owner, CredentialSpec spec) {
    return spec.getSecret() != null && spec.getSecret().getName() != null
        ? spec.getSecret().getName()
        : owner.getMetadata().getName();
  }

  public static String tokenDataKey(ApiToken token) {
    return token.getSpec().getSecret() != null && token.getSpec().getSecret().getKey() != null
        ? token.getSpec().getSecret().getKey()
        : TOKEN_DATA_KEY;
  }

  public static String passwordSecretName(ApiUser user) {
    return user.getMetadata().getName() + "-password";
  }

  /**
   * The operator-owned Secret, in the operator's namespace, holding the user's password record
   * (never a password). Named from the uid: users of every namespace meet there.
   */
  public static String passwordRecordSecretName(ApiUser user) {
    return "kwpw-" + user.getMetadata().getUid();
  }

  /** Labels of a password record; the name label only where it fits a label value. */
  public static Map<String, String> passwordRecordLabels(ApiUser user) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PASSWORD_RECORD_LABEL, "true");
    labels.put(APIUSER_UID_LABEL, user.getMetadata().getUid());
    labels.put(APIUSER_NAMESPACE_LABEL, user.getMetadata().getNamespace());
    if (user.getMetadata().getName().length() <= 63) {
      labels.put(APIUSER_NAME_LABEL, user.getMetadata().getName());
    }
    return labels;
  }

  /** True when the password record is this very user's (same uid), whatever its name says. */
  public static boolean isPasswordRecordOf(HasMetadata record, ApiUser user) {
    Map<String, String> labels = record.getMetadata().getLabels();
    return labels != null
        && "true".equals(labels.get(PASSWORD_RECORD_LABEL))
        && user.getMetadata().getUid().equals(labels.get(APIUSER_UID_LABEL));
  }

  public static String username(ApiUser user) {
    return user.getSpec() != null && user.getSpec().getUsername() != null
        ? user.getSpec().getUsername()
        : user.getMetadata().getName();
  }

  /** The Secret of a SigningCredential, in its namespace. */
  public static String signingSecretName(SigningCredential credential) {
    return credential.getSpec() != null && credential.getSpec().getSecretName() != null
        ? credential.getSpec().getSecretName()
        : credential.getMetadata().getName();
  }

  /**
   * The operator-owned copy of an HS256 credential's secret, in the operator's namespace, which the
   * verifier reads. Named from the uid: credentials of every namespace meet there.
   */
  public static String signingRecordSecretName(SigningCredential credential) {
    return "kwsign-" + credential.getMetadata().getUid();
  }

  /** Labels of a signing record. */
  public static Map<String, String> signingRecordLabels(SigningCredential credential) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SIGNING_RECORD_LABEL, "true");
    labels.put(SIGNING_CREDENTIAL_UID_LABEL, credential.getMetadata().getUid());
    labels.put(SIGNING_CREDENTIAL_NAMESPACE_LABEL, credential.getMetadata().getNamespace());
    if (credential.getMetadata().getName().length() <= 63) {
      labels.put(SIGNING_CREDENTIAL_NAME_LABEL, credential.getMetadata().getName());
    }
    return labels;
  }

  /** True when the record is this very credential's (same uid), whatever its name says. */
  public static boolean isSigningRecordOf(HasMetadata record, SigningCredential credential) {
    Map<String, String> labels = record.getMetadata().getLabels();
    return labels != null
        && "true".equals(labels.get(SIGNING_RECORD_LABEL))
        && credential.getMetadata().getUid().equals(labels.get(SIGNING_CREDENTIAL_UID_LABEL));
  }
}
