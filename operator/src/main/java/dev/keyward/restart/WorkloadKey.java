package dev.keyward.restart;

/** A Deployment, StatefulSet or DaemonSet, by namespace, kind and name. */
public record WorkloadKey(String namespace, String kind, String name) {

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
