package dev.keyward;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.Application;
import dev.keyward.api.CredentialSpec;
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

  /** Holds an Application until its RoleBindings in project namespaces are gone. */
  public static final String APP_FINALIZER = "keyward.dev/rolebindings";

  /** Secret in the operator's namespace holding the JWT signing keys (private JWK set). */
  public static final String SIGNING_KEYS_SECRET = "keyward-signing-keys";

  public static final String SIGNING_KEYS_DATA_KEY = "jwks.json";

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

  /** Labels of an Application's RoleBinding; the name label only where it fits a label value. */
  public static Map<String, String> roleBindingLabels(Application app, String role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(APP_UID_LABEL, app.getMetadata().getUid());
    labels.put(APP_NAMESPACE_LABEL, app.getMetadata().getNamespace());
    if (app.getMetadata().getName().length() <= 63) {
      labels.put(APP_NAME_LABEL, app.getMetadata().getName());
    }
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
}
