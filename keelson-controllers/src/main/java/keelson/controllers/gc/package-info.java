/**
 * The garbage collector: a dependency graph of objects by uid, built from informers, and workers
 * that delete dependents whose owners are all gone (background), delete dependents of owners
 * marked {@code foregroundDeletion} before releasing them, and strip owners marked {@code orphan}
 * from their dependents. {@link keelson.controllers.gc.GarbageCollectorPlanner} decides purely;
 * {@link keelson.controllers.gc.GarbageCollectorActions} is the only I/O.
 */
package keelson.controllers.gc;
