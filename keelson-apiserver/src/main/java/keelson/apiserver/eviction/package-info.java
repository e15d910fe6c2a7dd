/**
 * The {@code pods/eviction} subresource ({@code policy/v1} Eviction), as {@code kubectl drain}
 * uses it.
 */
package keelson.apiserver.eviction;
