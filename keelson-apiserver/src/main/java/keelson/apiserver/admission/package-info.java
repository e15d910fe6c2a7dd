/**
 * Admission: what kube-apiserver's admission plugins add to objects on the way in — the default
 * StorageClass of a claim, a pod's service account and default tolerations, a new node's not-ready
 * taint.
 */
package keelson.apiserver.admission;
