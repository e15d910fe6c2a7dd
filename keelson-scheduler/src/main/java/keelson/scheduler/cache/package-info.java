/**
 * The scheduler's view of the cluster: parsed pods and nodes ({@link keelson.scheduler.cache.PodInfo},
 * {@link keelson.scheduler.cache.NodeInfo}) and the {@link keelson.scheduler.cache.SchedulerCache}
 * of what each node already holds, including pods assumed by a binding still in flight. No I/O.
 */
package keelson.scheduler.cache;
