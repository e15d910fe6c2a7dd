/**
 * The HTTP front: Jetty on virtual threads, authentication, routing of the URL space (discovery,
 * OpenAPI, health, resources), content negotiation and response writing.
 */
package keelson.apiserver.http;
