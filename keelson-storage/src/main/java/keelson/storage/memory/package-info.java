/**
 * The in-memory backend: full MVCC history in the heap, for tests and for throwaway servers.
 * Nothing survives the process.
 */
package keelson.storage.memory;
