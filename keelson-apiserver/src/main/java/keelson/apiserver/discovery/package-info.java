/**
 * API discovery as kube-apiserver serves it: {@code /version}, the legacy {@code /api} and {@code
 * /apis} documents with per-group-version resource lists, and the aggregated v2 form that kubectl
 * asks for first.
 */
package keelson.apiserver.discovery;
