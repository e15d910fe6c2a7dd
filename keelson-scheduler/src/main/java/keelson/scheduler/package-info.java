/**
 * The scheduler: pure filters and scores choose a node for each pending pod; the binding is a POST
 * to the pod's {@code binding} subresource.
 */
package keelson.scheduler;
