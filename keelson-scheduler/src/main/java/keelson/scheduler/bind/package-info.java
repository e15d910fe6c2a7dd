/**
 * Acting on a decision: {@link keelson.scheduler.bind.BindActions} is the only I/O (the binding, the
 * PodScheduled condition, the claim's selected-node annotation); {@link keelson.scheduler.bind.Volumes}
 * and {@link keelson.scheduler.bind.PodConditions} are the pure parts that say what to write.
 */
package keelson.scheduler.bind;
