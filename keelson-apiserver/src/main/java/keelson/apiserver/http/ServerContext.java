package keelson.apiserver.http;

import java.time.Clock;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.watch.WatchCache;

/**
 * What the request handlers share.
 *
 * @param registry object semantics over storage
 * @param cache the watch cache serving lists and watches
 * @param clock the time source for timestamps and ages
 */
record ServerContext(RegistryStore registry, WatchCache cache, Clock clock) {}
