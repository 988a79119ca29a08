/* Alignment and score of two analyzed names (watchlist.match.features.align, watchlist.match.score). */
#ifndef WATCHLIST_SCORE_H
#define WATCHLIST_SCORE_H

#include "engine.h"

#define MAX_WORDS 64 /* longer names are scored on their first MAX_WORDS words (none is that long) */
#define MAX_UNITS (2 * MAX_WORDS)

/* One name as the scorer reads it: its words, their weights, its compounds (two adjacent words
 * joined, see features.compound_pairs) and, for a listed name, its acronym relations
 * (match.acronyms.acronyms: rel_j[k] is an acronym's position, runs[rel_run[k]:rel_run[k+1]] the
 * positions it covers). */
typedef struct {
    int n;
    const Word *words;
    const double *weight;
    int ncomp;
    const Word *comps;
    const int *ci, *cj;
    int nrel;
    const int32_t *rel_j, *rel_run, *runs;
    int typed_org; /* a listed name of a party the list types an organisation (score_tokens' org) */
} Name;

#define TYPE_ORGANIZATION 1 /* index.build.TYPES.index(EntityType.ORGANIZATION) */

/* The similarity of query unit qu and listed unit cu (a unit is a word, u < n, or a compound, u - n);
 * a value under need may be given as 0. */
typedef double (*SimFn)(void *ctx, int qu, int cu, double need, int *rule);

typedef struct {
    int qi, qj, ci, cj; /* qj/cj: -1 for a single word */
    double s;
    int rule;
} Pair;

/* Score 0..100 (rounded like Python); pairs written to out (at most MAX_UNITS), their count to *npairs. */
double score_names(const Name *q, const Name *c, SimFn sim, void *ctx, int equal, Pair *out, int *npairs);
int is_organisation(const Name *n);
int acronym_word(const Word *t); /* score.acronym_word */

#endif
