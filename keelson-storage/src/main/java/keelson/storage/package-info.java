/**
 * The storage promise: an etcd-shaped, revisioned key-value store that knows nothing of Kubernetes.
 *
 * <p>Every write gets the next value of one global revision; keys remember the revision that created
 * them and the one that last changed them; writers compare-and-swap on that mod revision; readers
 * range by prefix (optionally at a past revision) and watch a prefix from a revision onward. The
 * backends live in sub-packages and must all pass {@code RevisionedStoreContract}.
 */
package keelson.storage;
