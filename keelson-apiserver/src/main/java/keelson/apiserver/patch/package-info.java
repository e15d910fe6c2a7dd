/**
 * The three patch formats kube-apiserver accepts on PATCH: JSON merge patch (RFC 7386), JSON patch
 * (RFC 6902) and strategic merge patch, the one {@code kubectl apply} sends. Pure functions on
 * Jackson trees; they never modify their arguments and report bad patches as {@link
 * keelson.apiserver.patch.PatchException}.
 */
package keelson.apiserver.patch;
