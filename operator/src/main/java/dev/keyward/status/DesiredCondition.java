package dev.keyward.status;

/**
 * One condition as a reconcile pass wants it; {@link ConditionSet#rebuild} turns the whole set into
 * the status's conditions.
 */
public record DesiredCondition(
    ConditionType type, String status, ConditionReason reason, String message) {

  public static DesiredCondition holds(ConditionType type, ConditionReason reason, String message) {
    return new DesiredCondition(type, ConditionSet.TRUE, reason, message);
  }

  public static DesiredCondition fails(ConditionType type, ConditionReason reason, String message) {
    return new DesiredCondition(type, ConditionSet.FALSE, reason, message);
  }

  /** A condition whose check was not reached because {@code stoppedBy} decided first. */
  public static DesiredCondition notChecked(ConditionType type, ConditionReason stoppedBy) {
    return new DesiredCondition(
        type,
        ConditionSet.UNKNOWN,
        ConditionReason.NotChecked,
        "not checked: the resource stopped earlier (" + stoppedBy + ")");
  }

  public static DesiredCondition of(
      ConditionType type, boolean holds, ConditionReason reason, String message) {
    return holds ? holds(type, reason, message) : fails(type, reason, message);
  }
}
