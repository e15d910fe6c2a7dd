/**
 * The OpenAPI v3 documents served under {@code /openapi/v3}: one per group-version, generated from
 * the resource registry and the field schemas. kubectl reads them to decide that the server
 * validates fields itself ({@code fieldValidation} on each PATCH operation), for {@code kubectl
 * explain}, and to find strategic-merge-patch keys. The v2 document at {@code /openapi/v2} is
 * derived from them for the clients that still read it (kubectl 1.27 validates and diffs with it).
 */
package keelson.apiserver.openapi;
