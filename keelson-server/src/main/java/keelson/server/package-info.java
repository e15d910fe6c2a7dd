/**
 * The {@code keelson} command and the wiring of one Keelson process: storage, API server, and the
 * components behind it. A composition root: no behaviour of its own beyond starting and stopping.
 */
package keelson.server;
