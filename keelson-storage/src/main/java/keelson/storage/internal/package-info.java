/**
 * Machinery shared by the backends, not part of the storage promise: key ordering and prefix
 * bounds, compaction checks, and the per-watch delivery that joins history catch-up to live events
 * without a gap or a duplicate. Other modules must not depend on this package.
 */
package keelson.storage.internal;
