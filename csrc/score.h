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

/* The similarity and rule of one (query unit, listed unit) pair; s = -1: a pair align never compares. */
typedef struct {
    double s;
    int rule;
} USim;

/* Does align compare query unit qt with listed unit ct (compound: one of them is a compound)? Low
 * words (titles, particles, legal forms, stop words) meet low words only, numbers numbers only; a
 * compound meets names only. */
static inline int units_compared(const Word *qt, const Word *ct, int compound) {
    if (IS_LOW(qt->kind) || IS_LOW(ct->kind)) return !compound && IS_LOW(qt->kind) && IS_LOW(ct->kind);
    if ((qt->kind == K_NUMBER) != (ct->kind == K_NUMBER)) return 0;
    return !compound || (qt->kind == K_NAME && ct->kind == K_NAME);
}

/* score_names in two steps: the similarities of every unit pair (m: (q->n + q->ncomp) * (c->n + c->ncomp)
 * of them, by query unit then listed unit), then the score from them. */
void unit_sims(const Name *q, const Name *c, SimFn sim, void *ctx, USim *m);
double score_sims(const Name *q, const Name *c, const USim *m, int equal, Pair *out, int *npairs);
/* < 0 proves score_sims(q, c, m, 0, ...) < threshold for t = (threshold - 0.1) / 100 (see score.c) */
double score_bound(const Name *q, const Name *c, const USim *m, double t);
/* score_bound in two steps: the highest similarity each word may be met with (mq: query words,
 * mc: listed words; -1: none), by unit_maximum on every unit pair, then the bound */
void unit_maxima(const Name *q, const Name *c, const USim *m, double *mq, double *mc);
/* ini: the listed words' latin initials ('\0' for none), or NULL to read them from c's words; qacr:
 * acronym_word of each query word, NULL to ask it, or NO_ACRONYM when no query word is one */
double bound_of_maxima(const Name *q, const Name *c, const double *mq, const double *mc, const char *ini,
                       const unsigned char *qacr, double t);
extern const unsigned char NO_ACRONYM[1];
/* one pair's part in unit_maxima: the value align could keep the pair with, at most (see score.c) */
static inline void unit_maximum(const Name *q, const Name *c, int qu, int cu, const USim *x, double *mq, double *mc) {
    if (x->s < MIN_SIM) return; /* also a pair never compared (-1) */
    int qc = qu >= q->n, cc = cu >= c->n;
    if ((qc || cc) && (x->s < 0.85 || x->rule == R_TRUNCATION)) return;
    double s = (qc || cc) && x->s > 0.97 ? 0.97 : x->s; /* kept_pair's other rules lower or drop it */
    int qi = qc ? q->ci[qu - q->n] : qu, ci = cc ? c->ci[cu - c->n] : cu;
    if (s > mq[qi]) mq[qi] = s;
    if (qc && s > mq[q->cj[qu - q->n]]) mq[q->cj[qu - q->n]] = s;
    if (s > mc[ci]) mc[ci] = s;
    if (cc && s > mc[c->cj[cu - c->n]]) mc[c->cj[cu - c->n]] = s;
}
int is_organisation(const Name *n);
int acronym_word(const Word *t); /* score.acronym_word */

#endif
