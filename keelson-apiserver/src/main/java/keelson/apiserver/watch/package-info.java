/**
 * The watch cache: one storage watch over all of {@code /registry/} keeps the current objects and
 * a window of recent events in memory, so lists and watches are served without touching storage,
 * with resourceVersion semantics (resume from a revision, 410 Gone once it fell out of the window).
 */
package keelson.apiserver.watch;
