/* The words a query word's keys reach, kept across queries (customer files repeat their words). */
#ifndef WATCHLIST_MCACHE_H
#define WATCHLIST_MCACHE_H

#include <stddef.h>

#include "engine.h"

typedef struct {
    int32_t v;    /* vocabulary word id */
    int32_t rule; /* token_sim's rule */
    double s;     /* token_sim's similarity (>= MIN_SIM) */
} Match;

typedef struct MCache MCache;

MCache *mcache_new(void);
void mcache_free(MCache *c);
/* The cached matches of a word (*n of them), or NULL when the word is not cached. */
const Match *mcache_get(MCache *c, const Word *t, size_t *n);
/* Remember a word's matches; when full, everything is forgotten first. Returns -1 without memory. */
int mcache_put(MCache *c, const Word *t, const Match *m, size_t n);
/* the hash a word is kept under (never 0); a Word holds it as mkey (0: computed when asked) */
uint64_t mcache_hash(const Word *t);

#endif
