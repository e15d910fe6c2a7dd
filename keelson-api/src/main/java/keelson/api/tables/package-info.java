/** Server-side table printing for {@code kubectl get}: kube-apiserver's columns and cells per kind. */
package keelson.api.tables;
