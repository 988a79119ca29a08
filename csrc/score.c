/* align, kunya_pairs, covered and score_tokens, ported statement by statement from
 * watchlist/match/features.py, score.py and acronyms.py (keep them in step; tests/engine checks). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "score.h"

#define ALPHA_QUERY 0.3
#define ALPHA_LISTED 0.15
#define ALPHA_QUERY_PARTIAL 0.5
#define WHOLE_CAP 0.25
#define WHOLE_SIM 0.95
#define WHOLE_WEIGHT 0.5
#define WHOLE_ONE_WEIGHT 0.8
#define ALPHA_LISTED_PARTIAL 0.25
#define ALPHA_LISTED_ONE 0.4
#define ALPHA_QUERY_ONE 0.6
#define ONE_COMMON 0.35
#define ONE_SHORT 0.82
#define LISTED_ONE_NEAR 0.82
#define SHORT_OUTLINE 4
#define ALPHA_LISTED_ORG 0.4
#define PERSON_VS_ORG 0.75
#define KUNYA 0.8
#define EVIDENCE 1.6
#define EVIDENCE_MIN 0.8
#define ORDER 0.985
#define ACRONYM_SIM 0.9
#define ACRONYM_LEAST 3

int is_organisation(const Name *n) {
    for (int i = 0; i < n->n; i++)
        if (n->words[i].kind == K_LEGAL || (n->words[i].flags & F_ORGWORD)) return 1;
    return 0;
}

static const Word *unit_word(const Name *n, int u) { return u < n->n ? &n->words[u] : &n->comps[u - n->n]; }
static int unit_i(const Name *n, int u) { return u < n->n ? u : n->ci[u - n->n]; }
static int unit_j(const Name *n, int u) { return u < n->n ? -1 : n->cj[u - n->n]; }

typedef struct {
    double key_s; /* -round(s, 4) */
    int count;    /* len(qpos) + len(cpos) */
    double key_w; /* -w */
    int qi, qj, ci, cj;
    double s;
    int rule;
} Cand;

static int pos_cmp(int a1, int a2, int b1, int b2) { /* tuples (a1,) or (a1, a2) vs (b1,)/(b1, b2) */
    if (a1 != b1) return a1 < b1 ? -1 : 1;
    if (a2 != b2) return a2 < b2 ? -1 : 1; /* -1 (single) sorts first, as (i,) < (i, j) */
    return 0;
}

static int cand_cmp(const void *x, const void *y) {
    const Cand *a = x, *b = y;
    if (a->key_s != b->key_s) return a->key_s < b->key_s ? -1 : 1;
    if (a->count != b->count) return a->count < b->count ? -1 : 1;
    if (a->key_w != b->key_w) return a->key_w < b->key_w ? -1 : 1;
    int c = pos_cmp(a->qi, a->qj, b->qi, b->qj);
    if (c) return c;
    return pos_cmp(a->ci, a->cj, b->ci, b->cj);
}

static int pair_cmp(const void *x, const void *y) {
    const Pair *a = x, *b = y;
    int c = pos_cmp(a->qi, a->qj, b->qi, b->qj);
    return c ? c : pos_cmp(a->ci, a->cj, b->ci, b->cj);
}

static int lead_eq(const Str *a, const Str *b) { /* a[:1] == b[:1] for a non-empty a */
    return b->n && a->p[0] == b->p[0];
}

/* features._core_lead: without its joined article one word starts like the other (skeletons) */
static int core_lead(const Word *a, const Word *b) {
    return (a->core_skel.n && lead_eq(&a->core_skel, &b->skel)) || (b->core_skel.n && lead_eq(&b->core_skel, &a->skel));
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* features._vowel_leads: one skeleton, both starting with a vowel (Obaid Ullah / Ubaidullah) */
static int vowel_leads(const Word *a, const Word *b) {
    return a->latin.n && b->latin.n && is_vowel(a->latin.p[0]) && is_vowel(b->latin.p[0]) && str_eq(&a->skel, &b->skel);
}

/* The similarity of every (query unit, listed unit) pair align considers, asked of sim in align's
 * order (query unit by query unit); m[qu * ncu + cu].s is -1 for a pair align never compares
 * (two compounds, incompatible kinds, a compound of a word that is not a name). */
void unit_sims(const Name *q, const Name *c, SimFn sim, void *ctx, USim *m) {
    int nqu = q->n + q->ncomp, ncu = c->n + c->ncomp;
    for (int qu = 0; qu < nqu; qu++) {
        const Word *qt = unit_word(q, qu);
        for (int cu = 0; cu < ncu; cu++) {
            USim *x = &m[qu * ncu + cu];
            x->s = -1.0, x->rule = R_DISTINCT;
            int qc = qu >= q->n, cc = cu >= c->n;
            if (qc && cc) continue;
            int compound = qc || cc;
            if (!units_compared(qt, unit_word(c, cu), compound)) continue;
            x->s = sim(ctx, qu, cu, compound ? NEED_COMPOUND : MIN_SIM, &x->rule);
        }
    }
}

/* The pair (qu, cu) as align keeps it: 0 when dropped, else its similarity and rule after the
 * compound cap and the common-words fuzzy factor (the kunya factor comes later). */
static inline int kept_pair(const Name *q, const Name *c, int qu, int cu, const USim *x, double *s_out,
                            int *rule_out) {
    double s = x->s;
    int rule = x->rule;
    if (s < MIN_SIM) return 0; /* also the pairs never compared (-1) */
    int compound = qu >= q->n || cu >= c->n;
    const Word *qt = unit_word(q, qu), *ct = unit_word(c, cu);
    if (compound && (s < 0.85 || rule == R_TRUNCATION)) return 0;
    if (compound && s < 0.95 && (qt->skel.n < ct->skel.n ? qt->skel.n : ct->skel.n) < 4 &&
        !(is_compound_name(&qt->latin) || is_compound_name(&ct->latin)))
        return 0;
    if (compound && s < 0.95 && !((qt->flags | ct->flags) & F_ABJAD) &&
        !(qt->latin.n == 0 ? ct->latin.n == 0 : ct->latin.n && qt->latin.p[0] == ct->latin.p[0]) &&
        !core_lead(qt, ct) && !vowel_leads(qt, ct))
        return 0; /* a near spelling across two words starts alike (latin[:1] equal, or a core or vowel lead) */
    if (compound) {
        if (rule == R_EXACT || rule == R_COMPOUND || rule == R_VARIANT) rule = R_COMPOUND;
        s = s <= 0.97 ? s : 0.97;
    } else if ((rule == R_FUZZY || rule == R_PHONETIC) && q->weight[qu] <= 0.5 && c->weight[cu] <= 0.5) {
        s *= 0.8;
    }
    *s_out = s, *rule_out = rule;
    return 1;
}

/* sorts a few items in place (insertion sort: the arrays are short; the orders are total, so the
 * result is the one qsort gives) */
#define INSERTION_SORT(T, a, n, less)                                                                                   \
    for (int i_ = 1; i_ < (n); i_++) {                                                                                 \
        T x_ = (a)[i_];                                                                                                \
        int j_ = i_;                                                                                                   \
        while (j_ > 0 && less(&x_, &(a)[j_ - 1])) {                                                                    \
            (a)[j_] = (a)[j_ - 1];                                                                                     \
            j_--;                                                                                                      \
        }                                                                                                              \
        (a)[j_] = x_;                                                                                                  \
    }
#define CAND_LESS(x, y) (cand_cmp((x), (y)) < 0)
#define PAIR_LESS(x, y) (pair_cmp((x), (y)) < 0)

/* features.align, on the similarities unit_sims gave */
static int align(const Name *q, const Name *c, const USim *m, Pair *out) {
    int nqu = q->n + q->ncomp, ncu = c->n + c->ncomp;
    Cand stack[512], *cands = nqu * ncu <= 512 ? stack : malloc(sizeof(Cand) * (size_t)nqu * (size_t)ncu);
    if (!cands) return 0;
    int nc = 0;
    for (int qu = 0; qu < nqu; qu++) {
        int qi = unit_i(q, qu), qj = unit_j(q, qu);
        for (int cu = 0; cu < ncu; cu++) {
            double s;
            int rule;
            if (!kept_pair(q, c, qu, cu, &m[qu * ncu + cu], &s, &rule)) continue;
            int ci = unit_i(c, cu), cj = unit_j(c, cu);
            double wq = q->weight[qi], wc = c->weight[ci];
            if (qj >= 0) wq = wq + q->weight[qj];
            if (cj >= 0) wc = wc + c->weight[cj];
            Cand *k = &cands[nc++];
            k->key_s = -py_round(s, 4);
            k->count = (qj >= 0 ? 2 : 1) + (cj >= 0 ? 2 : 1);
            k->key_w = -(wq + wc);
            k->qi = qi, k->qj = qj, k->ci = ci, k->cj = cj, k->s = s, k->rule = rule;
        }
    }
    if (nc <= 32) {
        INSERTION_SORT(Cand, cands, nc, CAND_LESS)
    } else {
        qsort(cands, (size_t)nc, sizeof(Cand), cand_cmp);
    }
    unsigned char used_q[MAX_WORDS] = {0}, used_c[MAX_WORDS] = {0};
    int np = 0;
    for (int k = 0; k < nc; k++) {
        Cand *x = &cands[k];
        if (used_q[x->qi] || (x->qj >= 0 && used_q[x->qj]) || used_c[x->ci] || (x->cj >= 0 && used_c[x->cj])) continue;
        used_q[x->qi] = 1;
        if (x->qj >= 0) used_q[x->qj] = 1;
        used_c[x->ci] = 1;
        if (x->cj >= 0) used_c[x->cj] = 1;
        Pair *p = &out[np++];
        p->qi = x->qi, p->qj = x->qj, p->ci = x->ci, p->cj = x->cj, p->s = x->s, p->rule = x->rule;
    }
    if (cands != stack) free(cands);
    if (np <= 32) {
        INSERTION_SORT(Pair, out, np, PAIR_LESS)
    } else {
        qsort(out, (size_t)np, sizeof(Pair), pair_cmp);
    }
    return np;
}

/* score._kunya_words: the X of each "Abu X" whose Abu is unmatched (particles between skipped) */
void kunya_words(const Name *q, const unsigned char *used_q, unsigned char *kun) {
    for (int i = 0; i < q->n; i++) {
        const Word *t = &q->words[i];
        if (t->kind != K_NAME || !(t->flags & F_ABU) || used_q[i]) continue;
        int j = i + 1;
        while (j < q->n && q->words[j].kind == K_PARTICLE) j++;
        if (j < q->n && q->words[j].kind == K_NAME) kun[j] = 1;
    }
}

void mark_pairs(const Pair *pairs, int np, unsigned char *used_q, unsigned char *used_c, unsigned char *strong_c) {
    for (int k = 0; k < np; k++) {
        const Pair *p = &pairs[k];
        if (used_q) {
            used_q[p->qi] = 1;
            if (p->qj >= 0) used_q[p->qj] = 1;
        }
        if (used_c) {
            used_c[p->ci] = 1;
            if (p->cj >= 0) used_c[p->cj] = 1;
            if (p->rule == R_ACRONYM) /* a query acronym's run: every word from ci to cj (its low words are never read) */
                for (int j = p->ci; j <= p->cj; j++) used_c[j] = 1;
        }
        if (strong_c && p->s >= 0.95) {
            strong_c[p->ci] = 1;
            if (p->cj >= 0) strong_c[p->cj] = 1;
        }
    }
}

/* score.kunya_pairs */
static void kunya(const Name *q, Pair *pairs, int np) {
    unsigned char used_q[MAX_WORDS] = {0}, kun[MAX_WORDS] = {0};
    mark_pairs(pairs, np, used_q, NULL, NULL);
    kunya_words(q, used_q, kun);
    for (int k = 0; k < np; k++)
        if (pairs[k].qj < 0 && kun[pairs[k].qi]) pairs[k].s = pairs[k].s * KUNYA;
}

/* score._short_outline: every named query part has a skeleton of at most SHORT_OUTLINE letters */
int short_outline(const Name *q) {
    for (int i = 0; i < q->n; i++)
        if (!IS_LOW(q->words[i].kind) && q->words[i].skel.n > SHORT_OUTLINE) return 0;
    return 1;
}

/* score._wholly_met: every part of a listed name of two parts or more met at WHOLE_SIM, one weighing WHOLE_WEIGHT */
static int wholly_met(const Name *q, const Name *c, const Pair *pairs, int np) {
    int one = -1, none = 0;
    for (int j = 0; j < c->n; j++)
        if (!IS_LOW(c->words[j].kind)) one = j, none++;
    if (none == 1 && (c->typed_org || is_organisation(c))) { /* one rare word of an organisation's name, met exactly */
        int met = -1;
        for (int k = 0; k < np && met < 0; k++)
            if (pairs[k].s >= 0.97 && (pairs[k].ci == one || pairs[k].cj == one)) met = pairs[k].qj >= 0 ? pairs[k].qj : pairs[k].qi;
        if (met < 0 || c->words[one].latin.n < 4 || !(c->weight[one] >= WHOLE_ONE_WEIGHT)) return 0;
        return !(met + 1 < q->n && q->words[met + 1].kind == K_STOP); /* not "AL-QAIDA IN YEMEN" */
    }
    unsigned char close[MAX_WORDS] = {0};
    for (int k = 0; k < np; k++) {
        if (!(pairs[k].s >= WHOLE_SIM)) continue;
        close[pairs[k].ci] = 1;
        if (pairs[k].cj >= 0) close[pairs[k].cj] = 1;
    }
    int named = 0;
    double wmax = 0.0;
    for (int j = 0; j < c->n; j++) {
        if (IS_LOW(c->words[j].kind)) continue;
        if (!close[j]) return 0;
        if (!named || c->weight[j] > wmax) wmax = c->weight[j];
        named++;
    }
    return named >= 2 && wmax >= WHOLE_WEIGHT;
}

/* score.listed_one_near: one listed part, met only by a near spelling, and query parts left unmatched */
int listed_one_near(const Name *q, const Name *c, const Pair *pairs, int np, const unsigned char *used_q) {
    int named = -1, nnamed = 0, left = 0;
    for (int j = 0; j < c->n; j++)
        if (!IS_LOW(c->words[j].kind)) named = j, nnamed++;
    if (nnamed != 1) return 0;
    for (int i = 0; i < q->n && !left; i++)
        if (!used_q[i] && !IS_LOW(q->words[i].kind)) left = 1;
    if (!left) return 0;
    int met = 0;
    for (int k = 0; k < np; k++) {
        if (pairs[k].ci != named && pairs[k].cj != named) continue;
        if (pairs[k].s >= 0.95) return 0;
        met = 1;
    }
    return met;
}

/* acronyms.covered */
void covered_positions(const Name *c, const unsigned char *used_c, const unsigned char *strong_c, unsigned char *out) {
    for (int k = 0; k < c->nrel; k++) {
        int j = c->rel_j[k];
        if (strong_c[j]) {
            for (int32_t r = c->rel_run[k]; r < c->rel_run[k + 1]; r++)
                if (!used_c[c->runs[r]]) out[c->runs[r]] = 1;
        } else if (!used_c[j]) {
            out[j] = 1;
        }
    }
}

void strong_query(const Pair *pairs, int np, unsigned char *strong_q) {
    for (int k = 0; k < np; k++) {
        if (!(pairs[k].s >= 0.95)) continue;
        strong_q[pairs[k].qi] = 1;
        if (pairs[k].qj >= 0) strong_q[pairs[k].qj] = 1;
    }
}

/* score.person_vs_organisation */
int person_vs_organisation(const Name *q, const Name *c, const Pair *pairs, int np) {
    int org_q = is_organisation(q), org_c = is_organisation(c);
    if (org_q == org_c) return 0;
    const Name *person = org_c ? q : c;
    unsigned char met[MAX_WORDS] = {0};
    for (int k = 0; k < np; k++) {
        if (!(pairs[k].s >= 0.95)) continue;
        if (org_c) {
            met[pairs[k].qi] = 1;
            if (pairs[k].qj >= 0) met[pairs[k].qj] = 1;
        } else {
            met[pairs[k].ci] = 1;
            if (pairs[k].cj >= 0) met[pairs[k].cj] = 1;
        }
    }
    for (int i = 0; i < person->n; i++)
        if (!met[i] && (person->words[i].flags & F_GIVEN)) return 1;
    return 0;
}

/* score.acronym_word: a name word of 3-8 ASCII letters with no curated variant */
int acronym_word(const Word *t) {
    if (t->kind != K_NAME || t->nvar || t->text.n < 3 || t->text.n > 8) return 0;
    for (int32_t k = 0; k < t->text.n; k++)
        if (t->text.p[k] < 'a' || t->text.p[k] > 'z') return 0;
    return 1;
}

/* acronyms._spell: the end of a run from word i spelling acr[k:] (low words optional), or -1 */
static int spell(const char *acr, int alen, const char *ini, const unsigned char *low, int n, int i, int k) {
    if (k == alen) return i;
    if (i >= n) return -1;
    if (ini[i] == acr[k]) {
        int end = spell(acr, alen, ini, low, n, i + 1, k + 1);
        if (end >= 0) return end;
    }
    if (low[i] && k > 0) return spell(acr, alen, ini, low, n, i + 1, k);
    return -1;
}

/* score.acronym_pairs: the query's last unmatched word, an acronym, meets the run of an organisation's
 * unmet listed words it spells */
static int acronym_pairs(const Name *q, const Name *c, Pair *pairs, int np) {
    if (!is_organisation(c)) return np;
    unsigned char used_q[MAX_WORDS] = {0}, taken[MAX_WORDS] = {0}, low[MAX_WORDS];
    char ini[MAX_WORDS];
    mark_pairs(pairs, np, used_q, taken, NULL);
    int left = -1, nleft = 0;
    for (int i = 0; i < q->n; i++)
        if (!used_q[i] && !IS_LOW(q->words[i].kind)) left = i, nleft++;
    if (nleft != 1 || !acronym_word(&q->words[left])) return np;
    const Str *w = &q->words[left].text;
    for (int j = 0; j < c->n; j++) {
        ini[j] = c->words[j].latin.n ? c->words[j].latin.p[0] : '?';
        low[j] = IS_LOW(c->words[j].kind);
    }
    for (int start = 0; start < c->n; start++) { /* acronyms.acronym_run */
        if (low[start] || ini[start] != w->p[0]) continue;
        int end = spell(w->p, w->n, ini, low, c->n, start, 0);
        if (end <= start) continue;
        int count = 0, last = start, free_ = 1;
        for (int j = start; j < end; j++) {
            if (low[j]) continue;
            count++, last = j;
            if (taken[j]) free_ = 0;
        }
        if (count < ACRONYM_LEAST || !free_) continue;
        Pair *p = &pairs[np++];
        p->qi = left, p->qj = -1, p->ci = start, p->cj = last, p->s = ACRONYM_SIM, p->rule = R_ACRONYM;
        qsort(pairs, (size_t)np, sizeof(Pair), pair_cmp);
        break;
    }
    return np;
}

/* 100 and every query word paired with itself: the names are equal after normalization */
static double equal_names(const Name *q, Pair *pairs, int *npairs) {
    for (int i = 0; i < q->n; i++) {
        Pair *p = &pairs[i];
        p->qi = p->ci = i, p->qj = p->cj = -1, p->s = 1.0, p->rule = R_EXACT;
    }
    *npairs = q->n;
    return 100.0;
}

double score_names(const Name *q, const Name *c, SimFn sim, void *ctx, int equal, Pair *pairs, int *npairs) {
    *npairs = 0;
    if (equal && q->n) return equal_names(q, pairs, npairs);
    if (!q->n || !c->n) return 0.0;
    int nm = (q->n + q->ncomp) * (c->n + c->ncomp);
    USim stack[512], *m = nm <= 512 ? stack : malloc(sizeof(USim) * (size_t)nm);
    if (!m) return 0.0;
    unit_sims(q, c, sim, ctx, m);
    double s = score_sims(q, c, m, 0, pairs, npairs);
    if (m != stack) free(m);
    return s;
}

double score_sims(const Name *q, const Name *c, const USim *m, int equal, Pair *pairs, int *npairs) {
    *npairs = 0;
    if (equal && q->n) return equal_names(q, pairs, npairs);
    if (!q->n || !c->n) return 0.0;
    int np = align(q, c, m, pairs);
    kunya(q, pairs, np);
    np = acronym_pairs(q, c, pairs, np);
    *npairs = np;
    double num = 0.0, den = 0.0, matched_l = 0.0;
    unsigned char used_q[MAX_WORDS] = {0}, used_c[MAX_WORDS] = {0}, strong_c[MAX_WORDS] = {0};
    int initials = 0;
    for (int k = 0; k < np; k++) {
        const Pair *p = &pairs[k];
        double wq = q->weight[p->qi], wc = c->weight[p->ci];
        if (p->qj >= 0) wq = wq + q->weight[p->qj];
        if (p->rule == R_ACRONYM) { /* a run: its name words, summed in order */
            wc = 0.0;
            for (int j = p->ci; j <= p->cj; j++)
                if (!IS_LOW(c->words[j].kind)) wc += c->weight[j];
        } else if (p->cj >= 0) {
            wc = wc + c->weight[p->cj];
        }
        num += p->s * (wq + wc);
        den += wq + wc;
        if (!IS_LOW(c->words[p->ci].kind)) {
            int units = (p->qj >= 0 ? 2 : 1) + (p->cj >= 0 ? 2 : 1);
            matched_l += p->s * (units > 2 ? wc : (wc <= wq ? wc : wq));
        }
        initials = initials || p->rule == R_INITIAL;
    }
    mark_pairs(pairs, np, used_q, used_c, strong_c);
    /* the query's own acronym beside its words says them once (its relations, as a listed name's) */
    unsigned char cov_q[MAX_WORDS] = {0};
    int unmet_q = 0;
    for (int i = 0; i < q->n; i++)
        if (!used_q[i] && !IS_LOW(q->words[i].kind)) unmet_q = 1;
    if (unmet_q && q->n >= 3) {
        unsigned char strong_q[MAX_WORDS] = {0};
        strong_query(pairs, np, strong_q);
        covered_positions(q, used_q, strong_q, cov_q);
    }
    unsigned char cov[MAX_WORDS] = {0};
    int nmissing = 0;
    for (int j = 0; j < c->n; j++)
        if (!used_c[j] && !IS_LOW(c->words[j].kind)) nmissing++;
    if (nmissing && c->n >= 3) {
        covered_positions(c, used_c, strong_c, cov);
        nmissing = 0;
        for (int j = 0; j < c->n; j++)
            if (!used_c[j] && !IS_LOW(c->words[j].kind) && !cov[j]) nmissing++;
    }
    int all_listed = !nmissing;
    int all_query = !initials;
    for (int i = 0; i < q->n && all_query; i++)
        if (!used_q[i] && !IS_LOW(q->words[i].kind) && !cov_q[i]) all_query = 0;
    double alpha_q = all_listed ? ALPHA_QUERY : ALPHA_QUERY_PARTIAL;
    double alpha_c = all_query ? ALPHA_LISTED : ALPHA_LISTED_PARTIAL;
    int named_q = 0, named_c = 0;
    for (int i = 0; i < q->n; i++) named_q += !IS_LOW(q->words[i].kind);
    for (int j = 0; j < c->n; j++) named_c += !IS_LOW(c->words[j].kind);
    int one = named_q == 1;
    int org_c = is_organisation(c);
    if (all_query && nmissing >= 1 && org_c) alpha_c = alpha_c >= ALPHA_LISTED_ORG ? alpha_c : ALPHA_LISTED_ORG;
    int strong_q = 0, exact_q = 0; /* any pair with s >= 0.95 / 0.97 whose query word is not low */
    for (int k = 0; k < np; k++) {
        if (IS_LOW(q->words[pairs[k].qi].kind)) continue;
        if (pairs[k].s >= 0.95) strong_q = 1;
        if (pairs[k].s >= 0.97) exact_q = 1;
    }
    if (one && !strong_q) alpha_c = alpha_c >= ALPHA_LISTED_ONE ? alpha_c : ALPHA_LISTED_ONE;
    if (named_c == 1 && !org_c && !is_organisation(q)) alpha_q = alpha_q >= ALPHA_QUERY_ONE ? alpha_q : ALPHA_QUERY_ONE;
    int anycov = 0;
    for (int j = 0; j < c->n; j++) anycov |= cov[j];
    if (all_listed && !anycov && wholly_met(q, c, pairs, np)) { /* the query's own parts: at most WHOLE_CAP x the pairs */
        double extra = 0.0;
        for (int i = 0; i < q->n; i++) {
            const Word *t = &q->words[i];
            if (!used_q[i] && !IS_LOW(t->kind) && !cov_q[i]) extra += 2 * q->weight[i] * (t->kind == K_NUMBER ? 1.5 : alpha_q);
        }
        double cap = WHOLE_CAP * den;
        den += cap < extra ? cap : extra; /* min(extra, cap) */
    } else {
        for (int i = 0; i < q->n; i++) {
            const Word *t = &q->words[i];
            if (!used_q[i] && !IS_LOW(t->kind) && !cov_q[i]) den += 2 * q->weight[i] * (t->kind == K_NUMBER ? 1.5 : alpha_q);
        }
    }
    /* an organisation's parts left out before its first met part, no connector between: ALPHA_LISTED */
    int prefix = all_query && nmissing && org_c && !(one && !strong_q), first = c->n;
    for (int j = 0; j < c->n; j++)
        if (used_c[j] && !IS_LOW(c->words[j].kind)) {
            first = j;
            break;
        }
    for (int j = 0; j < c->n; j++) {
        const Word *t = &c->words[j];
        if (used_c[j] || IS_LOW(t->kind) || cov[j]) continue;
        double a = alpha_c;
        if (prefix && j < first) {
            int connector = 0;
            for (int k = j; k < first; k++)
                if (c->words[k].kind == K_STOP || c->words[k].kind == K_PARTICLE) connector = 1;
            if (!connector) a = ALPHA_LISTED;
        }
        den += 2 * c->weight[j] * (t->kind == K_NUMBER ? 1.5 : a);
    }
    if (den <= 0 || !np) return 0.0;
    double base = num / den;
    double wq_all = 0, wc_all = 0;
    for (int i = 0; i < q->n; i++)
        if (!IS_LOW(q->words[i].kind) && !cov_q[i]) wq_all += q->weight[i];
    for (int j = 0; j < c->n; j++)
        if (!IS_LOW(c->words[j].kind) && !cov[j]) wc_all += c->weight[j];
    double need;
    if (all_listed) {
        double x = 0.9 * wc_all;
        need = EVIDENCE <= x ? EVIDENCE : x;
    } else {
        double m = wq_all <= wc_all ? wq_all : wc_all, x = 0.9 * m;
        x = EVIDENCE_MIN >= x ? EVIDENCE_MIN : x;
        need = EVIDENCE <= x ? EVIDENCE : x;
    }
    if (one && wq_all < ONE_COMMON) need = need >= EVIDENCE_MIN ? need : EVIDENCE_MIN;
    double evidence = 1.0;
    if (need > 0) {
        double x = matched_l / need;
        evidence = pow(1.0 <= x ? 1.0 : x, 0.5);
    }
    double penalty = 1.0;
    for (int k = 0; k + 1 < np; k++)
        if (pairs[k].ci > pairs[k + 1].ci) {
            penalty = ORDER;
            break;
        }
    if (person_vs_organisation(q, c, pairs, np)) penalty *= PERSON_VS_ORG;
    if (one && nmissing && short_outline(q) && !exact_q) penalty *= ONE_SHORT;
    if (listed_one_near(q, c, pairs, np, used_q)) penalty *= LISTED_ONE_NEAR;
    double r = py_round(100.0 * base * evidence * penalty, 1);
    return 99.9 <= r ? 99.9 : r;
}

/* An upper bound that proves a score under a threshold, from the pair similarities alone (no
 * alignment). With t = (threshold - 0.1) / 100 it returns B >= num - t * den, where num / den is
 * score_tokens' base; B < 0 then means score < threshold. Why (score.py's formula):
 *
 *   num = sum over pairs p of s_p * (weights of p's words), den = the same weights
 *         + 2 * w * a for every unmatched query word that is not low and not covered by the query's
 *           own acronym relations (a = 1.5 for a number, else alpha_q >= _ALPHA_QUERY = 0.3)
 *         + 2 * w * b for every unmatched listed word that is not low and not covered by an acronym
 *           relation (b = 1.5 for a number, else alpha_c >= _ALPHA_LISTED = 0.15; the prefix rule's
 *           cost is _ALPHA_LISTED too).
 *
 * So num - t * den is a sum over words x of (s_p(x) - t) * w_x for a word met in pair p, and of
 * -t * (its unmatched cost) for one left unmatched. With every weight >= 0 and t >= 0, each term is
 * at most max((M_x - t) * w_x, -t * c_x): M_x is the highest similarity of a pair align could keep
 * that holds x (a pair of similarity MIN_SIM or more, a compound one 0.85 or more and not a
 * truncation, capped at 0.97; kept_pair's other rules only drop a pair or lower it, so does the
 * kunya factor), or ACRONYM_SIM for a query acronym word (acronym_word) and the name words of a run
 * of the listed name it spells (acronym_pairs' pair: the run's words are summed at ACRONYM_SIM;
 * every run spell finds is counted, taken or not, organisation or not); c_x the lowest unmatched cost
 * (0 for a low word and for a word its name's acronym relations name: it may be covered).
 *
 * The whole-name cap (wholly_met) adds min(extra, WHOLE_CAP * D) for the query's unmatched words
 * instead of their cost extra, D the pairs' weights: only when every name word of the listed name
 * is met (at WHOLE_SIM, 0.97 for a one-word name), so D >= W, the listed name words' weight. Then
 * num - t * den is the sum above where extra <= WHOLE_CAP * D, or at most the sum with no cost for
 * unmatched query words less t * WHOLE_CAP * W: B is the larger of the two where the maxima allow it.
 *
 * Then score = min(99.9, round(100 * base * evidence * penalty, 1)) with evidence and penalty in
 * [0, 1] (the order, person-vs-organisation, one-short and listed-one-near factors are all <= 1):
 * base < t gives 100 * base * evidence * penalty < threshold - 0.1, and round(., 1) adds at most
 * 0.05 (the floats' own errors are some 1e-13). An empty alignment or den <= 0 scores 0. Returns +1
 * (no proof) when a weight is negative or not a number; the search asks only for t > 0. Of the
 * listed words it reads the kinds and, through ini (their latin's first letter; NULL: read from the
 * words), the initials alone: the search bounds a candidate before it builds the candidate's words
 * (tests/engine/test_bound.py checks the bound on real queries). */
void unit_maxima(const Name *q, const Name *c, const USim *m, double *mq, double *mc) {
    int nqu = q->n + q->ncomp, ncu = c->n + c->ncomp;
    for (int i = 0; i < q->n; i++) mq[i] = -1.0;
    for (int j = 0; j < c->n; j++) mc[j] = -1.0;
    for (int qu = 0; qu < nqu; qu++)
        for (int cu = 0; cu < ncu; cu++) unit_maximum(q, c, qu, cu, &m[qu * ncu + cu], mq, mc);
}

/* the words acronym_pairs may pair at ACRONYM_SIM: acr_q, query acronym words that spell a run of
 * ACRONYM_LEAST name words or more of c; acr_c, those runs' name words (any start, taken or not) */
const unsigned char NO_ACRONYM[1] = {0};

static int acronym_maxima(const Name *q, const Name *c, const char *ini, const unsigned char *qacr, unsigned char *acr_q,
                          unsigned char *acr_c) {
    int any = 0, ready = 0;
    char inis[MAX_WORDS];
    unsigned char low[MAX_WORDS];
    for (int i = 0; i < q->n; i++) {
        if (!(qacr ? qacr[i] : acronym_word(&q->words[i]))) continue;
        if (!ready) {
            for (int j = 0; j < c->n; j++) {
                inis[j] = ini ? (ini[j] ? ini[j] : '?') : c->words[j].latin.n ? c->words[j].latin.p[0] : '?';
                low[j] = IS_LOW(c->words[j].kind);
            }
            ready = 1;
        }
        const Str *w = &q->words[i].text;
        for (int start = 0; start < c->n; start++) {
            if (low[start] || inis[start] != w->p[0]) continue;
            int end = spell(w->p, w->n, inis, low, c->n, start, 0);
            if (end <= start) continue;
            int count = 0;
            for (int j = start; j < end; j++) count += !low[j];
            if (count < ACRONYM_LEAST) continue;
            acr_q[i] = 1, any = 1;
            for (int j = start; j < end; j++)
                if (!low[j]) acr_c[j] = 1;
        }
    }
    return any;
}

/* positions an acronym relation of n names (its acronym, its run): covered_positions may cover them */
static void coverable(const Name *n, unsigned char *cov) {
    for (int k = 0; k < n->nrel; k++) {
        cov[n->rel_j[k]] = 1;
        for (int32_t r = n->rel_run[k]; r < n->rel_run[k + 1]; r++) cov[n->runs[r]] = 1;
    }
}

/* a word's term in the bound: (m - t) * w when it may be met at m (m < 0: it cannot), else the cost
 * of leaving it unmatched (none for a low word or one an acronym relation covers), whichever is
 * larger; *met: the met term (the unmatched cost when it cannot be met) */
static inline double term_bound(const Word *x, double w, int covered, double m, double t, double alpha,
                                double *met) {
    double un = IS_LOW(x->kind) || covered ? 0.0 : -t * 2 * w * (x->kind == K_NUMBER ? 1.5 : alpha);
    *met = m >= 0 ? (m - t) * w : un;
    return *met > un ? *met : un;
}

double bound_of_maxima(const Name *q, const Name *c, const double *mq, const double *mc, const char *ini,
                       const unsigned char *qacr, double t) {
    unsigned char cov[MAX_WORDS], cov_q[MAX_WORDS], acr_q[MAX_WORDS], acr_c[MAX_WORDS];
    /* cleared whole: a constant size is a few vector stores, where n bytes took a call to memset */
    memset(cov, 0, sizeof cov), memset(acr_c, 0, sizeof acr_c);
    memset(cov_q, 0, sizeof cov_q), memset(acr_q, 0, sizeof acr_q);
    coverable(c, cov);
    coverable(q, cov_q);
    int acr = c->n >= ACRONYM_LEAST && qacr != NO_ACRONYM && acronym_maxima(q, c, ini, qacr, acr_q, acr_c);
    double bq = 0.0, bq_free = 0.0, bc = 0.0; /* bq_free: the query's terms with no unmatched cost */
    for (int i = 0; i < q->n; i++) {
        const Word *x = &q->words[i];
        double w = q->weight[i];
        if (!(w >= 0)) return 1.0;
        double met;
        bq += term_bound(x, w, cov_q[i], acr && acr_q[i] && mq[i] < ACRONYM_SIM ? ACRONYM_SIM : mq[i], t,
                         ALPHA_QUERY, &met);
        bq_free += met > 0.0 ? met : 0.0;
    }
    int whole = 1, named = 0, one = -1; /* whole: every name word may be met at WHOLE_SIM */
    double wmax = 0.0, wsum = 0.0;
    for (int j = 0; j < c->n; j++) {
        const Word *x = &c->words[j];
        double w = c->weight[j];
        if (!(w >= 0)) return 1.0;
        double met;
        bc += term_bound(x, w, cov[j], acr && acr_c[j] && mc[j] < ACRONYM_SIM ? ACRONYM_SIM : mc[j], t,
                         ALPHA_LISTED, &met);
        if (IS_LOW(x->kind)) continue;
        if (!(mc[j] >= WHOLE_SIM)) whole = 0;
        if (!named || w > wmax) wmax = w;
        wsum += w, named++, one = j;
    }
    double b = bq + bc;
    if (whole && ((named >= 2 && wmax >= WHOLE_WEIGHT) ||
                  (named == 1 && mc[one] >= 0.97 && c->weight[one] >= WHOLE_ONE_WEIGHT))) {
        double bw = bq_free + bc - t * WHOLE_CAP * wsum; /* the whole-name cap may hold */
        if (bw > b) b = bw;
    }
    return b;
}

double score_bound(const Name *q, const Name *c, const USim *m, double t) {
    double mq[MAX_WORDS], mc[MAX_WORDS];
    unit_maxima(q, c, m, mq, mc);
    return bound_of_maxima(q, c, mq, mc, NULL, NULL, t);
}
