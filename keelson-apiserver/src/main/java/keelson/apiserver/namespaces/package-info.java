/**
 * Namespace housekeeping: the {@code default} ServiceAccount of every namespace, and deletion —
 * removing everything in a namespace that is being deleted, then its {@code kubernetes} finalizer.
 * Kubernetes runs this in its controller manager; Keelson runs it beside the registry, where
 * deleting every kind is one call.
 */
package keelson.apiserver.namespaces;
