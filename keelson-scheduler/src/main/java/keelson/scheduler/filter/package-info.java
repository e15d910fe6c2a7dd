/**
 * Pure filters: whether a pod may run on a node, each mirroring a kube-scheduler filter plugin and
 * giving its reason in kube-scheduler's words; and {@link keelson.scheduler.filter.FailedScheduling},
 * which turns the reasons of every node into the {@code 0/N nodes are available: ...} message.
 */
package keelson.scheduler.filter;
