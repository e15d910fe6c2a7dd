/**
 * The API server: generic Kubernetes REST over the resource registry. {@code http} receives
 * requests and routes them, {@code rest} carries out the verbs against storage, {@code watch} keeps
 * the watch cache that serves lists and watches, {@code discovery} and {@code openapi} describe
 * what is served, {@code patch} applies the patch formats, {@code eviction} serves
 * {@code pods/eviction}.
 */
package keelson.apiserver;
