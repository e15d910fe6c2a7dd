/**
 * A fabric8 HTTP client whose wire is a method call: the components in the server's process reach
 * the API server's handlers directly, without sockets, HTTP parsing or WebSocket framing, and
 * remain ordinary API clients (every request still goes through routing, authentication,
 * admission and the watch cache).
 */
package keelson.server.inprocess;
