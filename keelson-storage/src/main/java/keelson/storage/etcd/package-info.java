/**
 * The etcd v3 backend, through jetcd: keys are stored verbatim, writes are the same guarded
 * transactions kube-apiserver sends, and watches are etcd's own. For clusters where one machine
 * is not enough.
 */
package keelson.storage.etcd;
