// Thin shim over zlib: gzopen/gzread read gzip and plain files alike.
#include <zlib.h>
