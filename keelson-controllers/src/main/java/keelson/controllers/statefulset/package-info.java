/**
 * The StatefulSet controller, in upstream's parts: {@link keelson.controllers.statefulset.StatefulSetController}
 * wires informers and the queue, {@link keelson.controllers.statefulset.StatefulSetEventHandlers} turn events
 * into set keys, {@link keelson.controllers.statefulset.StatefulSetSync} adopts (through
 * {@link keelson.controllers.statefulset.StatefulSetAdoption}) and carries out the plan that
 * {@link keelson.controllers.statefulset.StatefulSetPlanner} decides purely, {@link keelson.controllers.statefulset.PodActions}
 * performs (the only I/O), and {@link keelson.controllers.statefulset.StatefulPods} holds identity and storage helpers.
 */
package keelson.controllers.statefulset;
