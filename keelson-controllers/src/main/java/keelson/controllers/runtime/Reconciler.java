package keelson.controllers.runtime;

/** Brings one object (by {@code namespace/name} key) to its desired state. */
@FunctionalInterface
public interface Reconciler {

  /**
   * Reconciles the object with this key, level-triggered: from what is observed now, not from the
   * event that queued the key.
   *
   * @throws Exception to have the key retried after back-off; throw {@link PermanentError} for
   *     failures a retry cannot fix (logged once, not retried)
   */
  void reconcile(String key) throws Exception;
}
