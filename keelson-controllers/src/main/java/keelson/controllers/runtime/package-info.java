/**
 * Controller machinery, as client-go provides it: a de-duplicating work queue with per-key
 * exponential back-off, a worker loop, create/delete expectations, owner-reference helpers, pod control and an
 * event recorder.
 */
package keelson.controllers.runtime;
