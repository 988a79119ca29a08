/* Explanations of scores (watchlist.match.score.explain_tokens) and the rules they share with score.c. */
#ifndef WATCHLIST_EXPLAIN_H
#define WATCHLIST_EXPLAIN_H

#include "score.h"

typedef struct {
    char *buf; /* UTF-8, NUL-terminated */
    size_t len, cap;
} Text;

/* The explanation of a score and its pairs, written to out; -1 without memory. */
int explain_names(const Name *q, const Name *c, double score, const Pair *pairs, int np, Text *out);

/* shared with score.c */
/* mark the query and listed positions the pairs meet, and the listed ones met at 0.95 or more (NULL: not wanted) */
void mark_pairs(const Pair *pairs, int np, unsigned char *used_q, unsigned char *used_c, unsigned char *strong_c);
void covered_positions(const Name *c, const unsigned char *used_c, const unsigned char *strong_c, unsigned char *out);
/* the query positions the pairs meet at 0.95 or more (score_tokens' strong_q) */
void strong_query(const Pair *pairs, int np, unsigned char *strong_q);
int person_vs_organisation(const Name *q, const Name *c, const Pair *pairs, int np);
void kunya_words(const Name *q, const unsigned char *used_q, unsigned char *kun);
int short_outline(const Name *q);
int listed_one_near(const Name *q, const Name *c, const Pair *pairs, int np, const unsigned char *used_q);

#endif
