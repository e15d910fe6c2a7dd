/**
 * The HTTP front: Jetty on virtual threads, authentication, routing of the URL space (discovery,
 * OpenAPI, health, resources), content negotiation and response writing. The handlers see the
 * transport only through {@link keelson.apiserver.http.Wire}: Jetty's, or the in-process one that
 * {@link keelson.apiserver.http.ApiServer#serveInProcess} gives clients in the same JVM.
 */
package keelson.apiserver.http;
