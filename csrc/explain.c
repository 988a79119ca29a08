/* The explanation of a score in plain words: watchlist.match.score.explain_tokens, ported statement
 * by statement (keep the two in step; tests/engine compares every hit's text with the Python one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

static const char *RULE_NAMES[R_COUNT] = {"exact",    "number",    "initial",  "compound", "transliteration",
                                          "fuzzy",    "translation", "variant", "syllables", "acronym",
                                          "article",  "phonetic",  "truncation", "distinct"};

static int put(Text *t, const char *p, size_t n) {
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (t->len + n + 1 > cap) cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b) return -1;
        t->buf = b, t->cap = cap;
    }
    memcpy(t->buf + t->len, p, n);
    t->len += n;
    t->buf[t->len] = 0;
    return 0;
}

static int puts_(Text *t, const char *s) { return put(t, s, strlen(s)); }

static int put_str(Text *t, const Str *s) { return put(t, s->p, (size_t)s->n); }

/* " ".join(tokens[i].text for i in range(first, last + 1)) */
static int put_part(Text *t, const Name *n, int first, int last) {
    for (int i = first; i <= last; i++) {
        if (i > first && puts_(t, " ") < 0) return -1;
        if (put_str(t, &n->words[i].text) < 0) return -1;
    }
    return 0;
}

static int sep(Text *t, int *count) { return (*count)++ ? puts_(t, ", ") : 0; }

/* a list of word texts: "a, b, c" */
static int put_list(Text *t, const Name *n, const unsigned char *pick) {
    int k = 0;
    for (int i = 0; i < n->n; i++) {
        if (!pick[i]) continue;
        if ((k++ && puts_(t, ", ") < 0) || put_str(t, &n->words[i].text) < 0) return -1;
    }
    return 0;
}

int explain_names(const Name *q, const Name *c, double score, const Pair *pairs, int np, Text *out) {
    out->len = 0;
    if (put(out, "", 0) < 0) return -1;
    if (score >= 100) return puts_(out, "identical after normalization");
    int count = 0;
    unsigned char used_q[MAX_WORDS] = {0}, used_c[MAX_WORDS] = {0}, strong_c[MAX_WORDS] = {0};
    mark_pairs(pairs, np, used_q, used_c, strong_c);
    for (int k = 0; k < np; k++) {
        const Pair *p = &pairs[k];
        if (IS_LOW(q->words[p->qi].kind)) continue;
        if (sep(out, &count) < 0 || put_part(out, q, p->qi, p->qj >= 0 ? p->qj : p->qi) < 0 ||
            puts_(out, p->s >= 0.97 ? " = " : " ~ ") < 0 || put_part(out, c, p->ci, p->cj >= 0 ? p->cj : p->ci) < 0 ||
            puts_(out, " (") < 0 || puts_(out, RULE_NAMES[p->rule]) < 0 || puts_(out, ")") < 0)
            return -1;
    }
    for (int k = 0; k + 1 < np; k++)
        if (pairs[k].ci > pairs[k + 1].ci) {
            if (sep(out, &count) < 0 || puts_(out, "other order") < 0) return -1;
            break;
        }
    unsigned char miss_q[MAX_WORDS] = {0}, miss_c[MAX_WORDS] = {0}, cov[MAX_WORDS] = {0}, cov_c[MAX_WORDS] = {0};
    unsigned char cov_q[MAX_WORDS] = {0}, cov_qw[MAX_WORDS] = {0};
    int nmq = 0, nmc = 0, ncov = 0, ncovq = 0;
    if (q->n >= 3) {
        unsigned char strong_q[MAX_WORDS] = {0};
        strong_query(pairs, np, strong_q);
        covered_positions(q, used_q, strong_q, cov_q);
    }
    for (int i = 0; i < q->n; i++) {
        if (IS_LOW(q->words[i].kind)) continue;
        if (!used_q[i] && !cov_q[i]) miss_q[i] = 1, nmq++;
        if (cov_q[i]) cov_qw[i] = 1, ncovq++;
    }
    if (c->n >= 3) covered_positions(c, used_c, strong_c, cov);
    for (int j = 0; j < c->n; j++) {
        if (IS_LOW(c->words[j].kind)) continue;
        if (!used_c[j] && !cov[j]) miss_c[j] = 1, nmc++;
        if (cov[j]) cov_c[j] = 1, ncov++;
    }
    char num[32];
    if (nmq) {
        snprintf(num, sizeof num, "%d query part%s unmatched (", nmq, nmq > 1 ? "s" : "");
        if (sep(out, &count) < 0 || puts_(out, num) < 0 || put_list(out, q, miss_q) < 0 || puts_(out, ")") < 0) return -1;
    }
    if (nmc) {
        snprintf(num, sizeof num, "%d listed part%s unmatched (", nmc, nmc > 1 ? "s" : "");
        if (sep(out, &count) < 0 || puts_(out, num) < 0 || put_list(out, c, miss_c) < 0 || puts_(out, ")") < 0) return -1;
    }
    if ((ncovq || ncov) &&
        (sep(out, &count) < 0 || puts_(out, "acronym and its words or a repeated word said once (") < 0 ||
         put_list(out, q, cov_qw) < 0 || (ncovq && ncov && puts_(out, ", ") < 0) || put_list(out, c, cov_c) < 0 ||
         puts_(out, " not needed)") < 0))
        return -1;
    if (person_vs_organisation(q, c, pairs, np) &&
        (sep(out, &count) < 0 || puts_(out, "an organisation's name vs a person's (given name left out)") < 0))
        return -1;
    unsigned char kun[MAX_WORDS] = {0};
    int nkun = 0;
    kunya_words(q, used_q, kun);
    for (int i = 0; i < q->n; i++) {
        if (kun[i] && !used_q[i]) kun[i] = 0;
        nkun += kun[i];
    }
    if (nkun && (sep(out, &count) < 0 || puts_(out, "kunya: abu ") < 0 || put_list(out, q, kun) < 0 ||
                 puts_(out, " is not the name ") < 0 || put_list(out, q, kun) < 0))
        return -1;
    int named = -1, nnamed = 0;
    for (int i = 0; i < q->n; i++)
        if (!IS_LOW(q->words[i].kind)) named = i, nnamed++;
    if (nnamed == 1 && used_q[named] && nmc && short_outline(q)) {
        int exact = 0;
        for (int k = 0; k < np; k++)
            if (pairs[k].s >= 0.97 && (pairs[k].qi == named || pairs[k].qj == named)) exact = 1;
        if (!exact && (sep(out, &count) < 0 || puts_(out, "one short word, met only by a near spelling or variant") < 0))
            return -1;
    }
    if (listed_one_near(q, c, pairs, np, used_q) &&
        (sep(out, &count) < 0 ||
         puts_(out, "the listed name's one part met only by a near spelling of one query part") < 0))
        return -1;
    if (!count) return puts_(out, "no part matched");
    return 0;
}
