/**
 * ControllerRevision history, as upstream's {@code pkg/controller/history}: revision hashes and
 * names, equality, ordering, the next revision number, history truncation, and the StatefulSet
 * revision patch ({@code {"spec":{"template":{...,"$patch":"replace"}}}}). Pure functions; the
 * controllers do the writes.
 */
package keelson.controllers.history;
