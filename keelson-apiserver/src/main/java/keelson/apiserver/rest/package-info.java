/**
 * The REST verbs over storage: create, get, list, update, patch, delete and the status, scale and
 * binding subresources, with Kubernetes' metadata rules, optimistic concurrency and Status errors.
 */
package keelson.apiserver.rest;
