/**
 * Services in the API server: ClusterIP and NodePort allocation (claims kept in storage so that
 * restarts and servers sharing storage never hand out a value twice) and the Services every
 * cluster starts with, {@code default/kubernetes} and {@code kube-system/kube-dns}.
 */
package keelson.apiserver.services;
