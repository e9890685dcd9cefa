// Thin shim over the SQLite C API: SQLITE_TRANSIENT is a macro cast Swift cannot import.
#include <sqlite3.h>
static inline sqlite3_destructor_type sn_sqlite_transient(void) { return SQLITE_TRANSIENT; }
