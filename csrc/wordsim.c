/* token_sim: the similarity of two words and its rule (watchlist.match.features.token_sim, ported
 * statement by statement; keep the two in step). */
#include <string.h>

#include "engine.h"

int32_t n_variant_sets = 0;

static int is_translation(int32_t v) { return v >= n_variant_sets; }

int is_compound_name(const Str *l) {
    if (l->n < 6) return 0;
    if (l->p[0] == 'a' && l->p[1] == 'b' && l->p[2] == 'd') return 1;
    const char *e = l->p + l->n;
    if (l->n >= 5 && e[-5] == 'a' && e[-4] == 'l' && e[-3] == 'l' && e[-2] == 'a' && e[-1] == 'h') return 1;
    return e[-3] == 'd' && e[-2] == 'i' && e[-1] == 'n';
}

static int prefix3_eq(const Str *a, const Str *b) { /* a[:3] == b[:3] */
    int na = a->n < 3 ? a->n : 3, nb = b->n < 3 ? b->n : 3;
    if (na != nb) return 0;
    for (int i = 0; i < na; i++)
        if (a->p[i] != b->p[i]) return 0;
    return 1;
}

static int startswith(const Str *s, const Str *pre) {
    if (pre->n > s->n) return 0;
    for (int32_t i = 0; i < pre->n; i++)
        if (s->p[i] != pre->p[i]) return 0;
    return 1;
}

/* features._fuzzy. With need > 0 a value under need may be given as 0. The mean path gives
 * 1 - 2.5 * (1 - (osa + jw) / 2) >= need only if osa >= 1 - 0.8 * (1 - need) (jw <= 1), i.e. at most
 * 0.8 * (1 - need) * n edits (n the longer length); one and two edits have their own values. The
 * length difference is a lower bound of the edits. */
static int onset(const Str *w) { /* length of features._ONSET's match: leading consonants */
    int32_t i = 0;
    while (i < w->n) {
        char c = w->p[i];
        if (c < 'b' || c > 'z' || c == 'e' || c == 'i' || c == 'o' || c == 'u') break;
        i++;
    }
    return i;
}

static int same_lead(const Word *wa, const Word *wb) { /* features._same_lead */
    const Str *a = &wa->latin, *b = &wb->latin;
    if (!a->n || !b->n) return 0;
    if (a->p[0] == b->p[0]) return 1;
    if (!((wa->flags & F_TEXT_ASCII) && (wb->flags & F_TEXT_ASCII))) return 0;
    int32_t i = onset(a), j = onset(b);
    if (!i || !j || a->n - i != b->n - j) return 0;
    return memcmp(a->p + i, b->p + j, (size_t)(a->n - i)) == 0;
}

static double fuzzy(const Str *a, uint64_t sa, const Str *b, uint64_t sb, double need) {
    int n = a->n > b->n ? a->n : b->n, dmax = n;
    if (need > 0) {
        dmax = (int)(0.8 * (1.0 - need) * n + 1e-9);
        if (n >= 4 && (n >= 6 ? 0.92 : 0.88) >= need && dmax < 1) dmax = 1;
        if (n >= 7 && (n >= 9 ? 0.86 : 0.8) >= need && dmax < 2) dmax = 2;
        /* d >= dl: over dmax (and no one- or two-edit value possible) the result is 0 */
        int dl = osa_lower_bound(a, sa, b, sb);
        if (dl > dmax && (dl > 1 || n < 4) && (dl > 2 || n < 7)) return 0.0;
    }
    int d = osa_distance(a, b, n); /* the whole distance: OSA.distance(cutoff 3) is min(d, 4) */
    if (d == 1 && n >= 4) return n >= 6 ? 0.92 : 0.88;
    if (d == 2 && n >= 7) return n >= 9 ? 0.86 : 0.8;
    if (d > dmax) return 0.0;
    double osa = 1.0 - (n ? (double)d / (double)n : 0.0); /* OSA.normalized_similarity */
    double f = (osa + jaro_winkler_normalized_similarity(a, b)) / 2;
    double r = 1.0 - 2.5 * (1.0 - f);
    return 0.0 >= r ? 0.0 : r; /* max(0.0, r) */
}

/* features._ing_form: longer is the -ing form of shorter, its final e dropped (stevedore/stevedoring) */
static int ing_form(const Str *s, const Str *l) {
    if (s->n < 5 || s->p[s->n - 1] != 'e' || l->n != s->n + 2) return 0;
    const char *e = l->p + l->n;
    if (e[-3] != 'i' || e[-2] != 'n' || e[-1] != 'g') return 0;
    return memcmp(s->p, l->p, (size_t)(s->n - 1)) == 0;
}

/* features._squeezed_typo: one edit apart once a doubled letter is written once (sq), each letter
 * doubled in either word being in both: the one-typo similarity. With need > 0 a value under need
 * may be given as 0 (as fuzzy). */
static double squeezed_typo(const Word *wa, const Word *wb, double need) {
    const Str *sa = &wa->sq, *sb = &wb->sq;
    if (str_eq(sa, &wa->latin) && str_eq(sb, &wb->latin)) return 0.0;
    int n = sa->n > sb->n ? sa->n : sb->n;
    if (n < 4 || (n >= 6 ? 0.92 : 0.88) < need) return 0.0;
    if (sa->n - sb->n > 1 || sb->n - sa->n > 1) return 0.0; /* a lower bound of the edits */
    if (osa_distance(sa, sb, 1) != 1) return 0.0;
    const Str *ws[2] = {&wa->latin, &wb->latin};
    for (int k = 0; k < 2; k++) {
        const Str *w = ws[k];
        for (int32_t i = 1; i < w->n; i++) {
            if (w->p[i] == w->p[i - 1] && (!memchr(sa->p, w->p[i], (size_t)sa->n) || !memchr(sb->p, w->p[i], (size_t)sb->n)))
                return 0.0;
        }
    }
    return n >= 6 ? 0.92 : 0.88;
}

#define ONSET_MISMATCH 0.8 /* features.ONSET_MISMATCH */

/* features._latin_onsets: bit 1 may start with a vowel, bit 2 with a consonant (y: either, if y_either) */
static int latin_onsets(const Word *t, int y_either) {
    const Str *ws[2] = {&t->latin, &t->core};
    int out = 0;
    for (int i = 0; i < 2; i++) {
        if (!ws[i]->n) continue;
        char c = ws[i]->p[0];
        if (y_either && c == 'y') out |= 3;
        else if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') out |= 1;
        else out |= 2;
    }
    return out;
}

static int abjad_onsets(const Word *t) { /* features.abjad_onsets, computed in Python (flags) */
    return ((t->flags & F_ONSET_VOWEL) ? 1 : 0) | ((t->flags & F_ONSET_CONS) ? 2 : 0);
}

/* features._skeleton_best. With need > 0, a pair of skeletons whose lengths already keep the result
 * under need is not measured: 0.93 * (1 - 2 * (1 - lev)) >= need needs lev >= 1 - (1 - need / 0.93) / 2,
 * and lev <= 1 - |dlen| / max. */
static double skeleton_best(const Word *a, const Word *b, double need) {
    double slack = need > 0 ? (1.0 - need / 0.93) / 2 + 1e-9 : 2.0; /* most 1 - lev may be */
    const Str *xs[3], *ys[3];
    int nx = 0, ny = 0;
    if (a->skel.n) xs[nx++] = &a->skel;
    if (a->loose.n) xs[nx++] = &a->loose;
    if (a->core_skel.n) xs[nx++] = &a->core_skel;
    if (b->skel.n) ys[ny++] = &b->skel;
    if (b->loose.n) ys[ny++] = &b->loose;
    if (b->core_skel.n) ys[ny++] = &b->core_skel;
    double best = 0.0;
    for (int i = 0; i < nx; i++) {
        for (int j = 0; j < ny; j++) {
            if (str_eq(xs[i], ys[j])) return xs[i]->n >= 2 ? 0.93 : 0.85;
            int mx = xs[i]->n > ys[j]->n ? xs[i]->n : ys[j]->n, d = xs[i]->n - ys[j]->n;
            if (d < 0) d = -d;
            if ((double)d > slack * mx) continue; /* lev <= 1 - d / mx: under need */
            double l = levenshtein_normalized_similarity(xs[i], ys[j]);
            if (l > best) best = l;
        }
    }
    double r = 1.0 - 2.0 * (1.0 - best);
    best = 0.93 * (0.0 >= r ? 0.0 : r);
    if ((a->flags & F_ABJAD) != (b->flags & F_ABJAD)) {
        const Word *ab = (a->flags & F_ABJAD) ? a : b, *lat = (a->flags & F_ABJAD) ? b : a;
        for (int k = 0; k < ab->nalt; k++) {
            Str sk = {ab->alt_blob + ab->alt_off[k], (int32_t)(ab->alt_off[k + 1] - ab->alt_off[k])};
            double s = ab->alt_sim[k];
            if (s > best && (str_eq(&sk, &lat->skel) || str_eq(&sk, &lat->loose) || str_eq(&sk, &lat->core_skel)))
                best = s;
        }
    }
    return best;
}

/* features._skeleton_sim: an abjad word and a Latin one whose onsets differ meet ONSET_MISMATCH x */
static double skeleton_sim(const Word *a, const Word *b, double need) {
    if ((a->flags & F_ABJAD) != (b->flags & F_ABJAD)) {
        const Word *ab = (a->flags & F_ABJAD) ? a : b, *lat = (a->flags & F_ABJAD) ? b : a;
        if (!(abjad_onsets(ab) & latin_onsets(lat, 0))) /* under need / 0.8 is under need once scaled */
            return skeleton_best(a, b, need > 0 ? need / ONSET_MISMATCH - 1e-9 : need) * ONSET_MISMATCH;
    }
    return skeleton_best(a, b, need);
}

/* features._core_skeletons_meet: without its joined article one word has the other's skeleton (3+) */
static int core_skeletons_meet(const Word *a, const Word *b) {
    return (a->core_skel.n >= 3 && (str_eq(&a->core_skel, &b->skel) || str_eq(&a->core_skel, &b->core_skel))) ||
           (b->core_skel.n >= 3 && str_eq(&b->core_skel, &a->skel));
}

static uint32_t hash32(const Str *s) { return (uint32_t)fnv1a(s->p, (size_t)s->n); }

static int var_bit(int32_t id) { return (int)(((uint32_t)id * 2654435761u) >> 26); }

void word_derived(Word *w) {
    WordShape *h = &w->sh;
    const Str *f[8] = {&w->text, &w->latin, &w->skel, &w->loose, &w->core, &w->core_skel, &w->ra, &w->sq};
    h->bits = str_eq(&w->ra, &w->latin) ? SH_RA_LATIN : 0;
    for (int i = 0; i < 8; i++) {
        h->len[i] = (uint16_t)(f[i]->n < 65535 ? f[i]->n : 65535);
        if (f[i]->n >= 65535) h->bits |= SH_LONG;
    }
    h->sig_latin = letter_sig(&w->latin), h->sig_core = letter_sig(&w->core), h->sig_ra = letter_sig(&w->ra);
    h->sig_skel = letter_sig(&w->skel), h->sig_loose = letter_sig(&w->loose);
    h->sig_core_skel = letter_sig(&w->core_skel);
    h->h_text = hash32(&w->text), h->h_skel = hash32(&w->skel), h->h_loose = hash32(&w->loose);
    h->h_core_skel = hash32(&w->core_skel), h->h_sq = hash32(&w->sq);
    h->pre4 = 0;
    for (int i = 0; i < 4 && i < w->latin.n; i++) h->pre4 |= (uint32_t)(unsigned char)w->latin.p[i] << (8 * i);
    h->var = 0;
    for (int32_t k = 0; k < w->nvar; k++) h->var |= (uint64_t)1 << var_bit(w->var[k]);
    h->nvar = (uint16_t)(w->nvar < 65535 ? w->nvar : 65535);
    h->alt_max = 0.0;
    for (int32_t k = 0; k < w->nalt; k++)
        if (w->alt_sim[k] > h->alt_max) h->alt_max = w->alt_sim[k];
    h->nalt = (uint8_t)(w->nalt < 255 ? w->nalt : 255);
    h->kind = (uint8_t)w->kind, h->flags = (uint16_t)w->flags;
    h->weight = w->wdef;
}

/* ------------------------------------------------------------------ can token_sim reach need? */

/* osa_lower_bound on lengths and signatures */
static inline int dist_lb(int na, uint64_t sa, int nb, uint64_t sb) {
    int diff = na > nb ? na - nb : nb - na, d = (popcount64(sa ^ sb) + diff + 1) / 2;
    return d > diff ? d : diff;
}

/* Can fuzzy(a, b) be need or more, the strings na and nb letters long with signatures sa, sb? fuzzy is 1 for equal strings (d = 0, d the OSA distance), 0.92 /
 * 0.88 for d = 1 (n >= 6 / 4), 0.86 / 0.8 for d = 2 (n >= 9 / 7), otherwise (the mean path)
 * 1 - 2.5 * (1 - (osa + jw) / 2) with osa = 1 - d / n, falling with d, and d >= dl = dist_lb. Jaro is
 * (m / na + m / nb + (m - t) / m) / 3 <= (m / na + m / nb + 1) / 3 for m matching letters, at most
 * min(na, nb) and (na + nb - L1) / 2 (L1, the letter counts' difference, >= the signatures'
 * popcount); Jaro-Winkler adds prefix * 0.1 * (1 - jaro) over 0.7, the prefix at most 4 (for the Latin
 * forms of shapes pa and pb, their common prefix). */
static inline int prefix4(const WordShape *a, const WordShape *b);

static inline __attribute__((always_inline)) int fuzzy_may(int na, uint64_t sa, int nb, uint64_t sb,
                                                           const WordShape *pa, const WordShape *pb, double need) {
    int n = na > nb ? na : nb, diff = na > nb ? na - nb : nb - na, pc = popcount64(sa ^ sb);
    int dl = (pc + diff + 1) / 2;
    if (dl < diff) dl = diff;
    if (dl == 0) return 1;
    if (dl <= 1 && n >= 4 && (n >= 6 ? 0.92 : 0.88) >= need) return 1;
    if (dl <= 2 && n >= 7 && (n >= 9 ? 0.86 : 0.8) >= need) return 1;
    int d = dl; /* the least distance the mean path takes */
    if (d == 1 && n >= 4) d = 2;
    if (d == 2 && n >= 7) d = 3;
    if (d > n || d > (int)(0.8 * (1.0 - need) * n + 1e-9)) return 0; /* under need even with jw = 1 */
    int m = na < nb ? na : nb, mc = (na + nb - pc) / 2;
    if (mc < m) m = mc;
    double jaro = m > 0 ? ((double)m / na + (double)m / nb + 1.0) / 3.0 : 0.0;
    double jw = jaro > 0.7 ? jaro + (pa ? prefix4(pa, pb) : 4) * 0.1 * (1.0 - jaro) : jaro; /* pa: latins */
    double osa = 1.0 - (double)d / n;
    return 1.0 - 2.5 * (1.0 - (osa + jw) / 2) + 1e-9 >= need;
}

/* latin's common prefix (at most 4 letters) from the two shapes */
static inline int prefix4(const WordShape *a, const WordShape *b) {
    uint32_t x = a->pre4 ^ b->pre4;
    int p = 0;
    while (p < 4 && !(x & 0xFFu)) x >>= 8, p++;
    int la = a->len[SH_LATIN], lb = b->len[SH_LATIN], mn = la < lb ? la : lb;
    return p < mn ? p : mn;
}

/* Can skeleton_sim(a, b) be need or more? 0.93 (0.85 for one letter) for a pair of skeletons that
 * may be equal; else 0.93 * (1 - 2 * (1 - lev)) with lev = 1 - d / longer, the Levenshtein distance
 * d >= the OSA bound (no transposition needed) and d >= 1; the alternatives' own values. */
static inline int skeleton_may(const WordShape *a, const WordShape *b, double need) {
    if ((a->flags & F_ABJAD) != (b->flags & F_ABJAD) && ((a->flags & F_ABJAD) ? a->alt_max : b->alt_max) >= need)
        return 1;
    const int xn[3] = {a->len[SH_SKEL], a->len[SH_LOOSE], a->len[SH_CORE_SKEL]},
              yn[3] = {b->len[SH_SKEL], b->len[SH_LOOSE], b->len[SH_CORE_SKEL]};
    const uint32_t xh[3] = {a->h_skel, a->h_loose, a->h_core_skel}, yh[3] = {b->h_skel, b->h_loose, b->h_core_skel};
    const uint64_t xg[3] = {a->sig_skel, a->sig_loose, a->sig_core_skel}, yg[3] = {b->sig_skel, b->sig_loose, b->sig_core_skel};
    for (int i = 0; i < 3; i++) {
        if (!xn[i]) continue;
        for (int j = 0; j < 3; j++) {
            if (!yn[j]) continue;
            if (xn[i] == yn[j] && xh[i] == yh[j]) {
                if (0.93 >= need) return 1;
                continue;
            }
            int mx = xn[i] > yn[j] ? xn[i] : yn[j], d = dist_lb(xn[i], xg[i], yn[j], yg[j]);
            if (0.93 * (1.0 - 2.0 * (d > 1 ? d : 1) / mx) + 1e-9 >= need) return 1;
        }
    }
    return 0;
}

/* 0 when token_sim(a, b) (need 0) is surely under need, from the shapes alone: rule by rule, a rule's
 * value counts where a necessary condition of the rule holds (equal strings have equal lengths,
 * hashes and signatures; a shared variant set a shared bit; a prefix the first four bytes and no
 * letter its word lacks). Follows token_sim: keep the two in step (tests/engine/test_wordsim.py
 * checks it on real and random word pairs). */
static inline __attribute__((always_inline)) int may(const WordShape *a, const WordShape *b, double need) {
#define EQ(i, h) (a->len[i] == b->len[i] && a->h == b->h)
    if (need <= 0 || EQ(SH_TEXT, h_text) || ((a->bits | b->bits) & SH_LONG)) return 1; /* equal texts: 1.0 */
    if (a->kind == K_NUMBER || b->kind == K_NUMBER) return 0;
    if (a->kind == K_INITIAL || b->kind == K_INITIAL) return a->kind != b->kind && 0.9 >= need;
    if (0.97 >= need && EQ(SH_LATIN, sig_latin)) return 1;
    int shared = (a->var & b->var) != 0;
    if (shared && 0.95 >= need) return 1;
    if ((a->flags | b->flags) & F_SYLLABIC) return 0; /* a shared set or nothing */
    if ((a->flags | b->flags) & F_ABJAD) return skeleton_may(a, b, need);
    /* the Latin rules (the vowelless one gives a shared set's 0.95 or 0: above); with both words in
     * variant sets and none shared they stop at 0.6 */
    if (!shared && a->nvar && b->nvar && 0.6 < need) return 0;
    int ca = a->len[SH_CORE], cb = b->len[SH_CORE], la = a->len[SH_LATIN], lb = b->len[SH_LATIN];
    if (0.95 >= need && ((ca && ((ca == lb && a->sig_core == b->sig_latin) || EQ(SH_CORE, sig_core))) ||
                         (cb && cb == la && b->sig_core == a->sig_latin) || EQ(SH_SQ, h_sq)))
        return 1;
    if (0.92 >= need && a->len[SH_SKEL] >= 3 && EQ(SH_SKEL, h_skel)) return 1;
    if (0.9 >= need && a->len[SH_LOOSE] >= 3 && EQ(SH_LOOSE, h_loose)) return 1;
    if (0.85 >= need && ((a->len[SH_LOOSE] == 2 && EQ(SH_LOOSE, h_loose)) || (a->len[SH_SKEL] == 2 && EQ(SH_SKEL, h_skel))))
        return 1;
    /* core_skeletons_meet (0.9): one word's core skeleton (3+) is the other's skeleton or core skeleton */
    if (0.9 >= need) {
        int ka = a->len[SH_CORE_SKEL], kb = b->len[SH_CORE_SKEL];
        if ((ka >= 3 && ((ka == b->len[SH_SKEL] && a->h_core_skel == b->h_skel) || EQ(SH_CORE_SKEL, h_core_skel))) ||
            (kb >= 3 && kb == a->len[SH_SKEL] && b->h_core_skel == a->h_skel))
            return 1;
    }
    /* fuzzy (token_sim asks it only under 0.92, but a rule above may not hold) and truncation */
    if (fuzzy_may(la, a->sig_latin, lb, b->sig_latin, a, b, need)) return 1;
    if ((ca || cb) && fuzzy_may(ca ? ca : la, ca ? a->sig_core : a->sig_latin, cb ? cb : lb,
                                cb ? b->sig_core : b->sig_latin, NULL, NULL, need))
        return 1;
    if (!(a->bits & b->bits & SH_RA_LATIN) &&
        fuzzy_may(a->len[SH_RA], a->sig_ra, b->len[SH_RA], b->sig_ra, NULL, NULL, need))
        return 1;
    /* squeezed_typo (0.92 / 0.88): one word has a doubled letter (sq shorter than latin), the sq forms
     * (latin's letters, each run written once) one edit apart: lengths within one, letter sets within
     * a substitution; n, the longer sq, 4 or more */
    int qa = a->len[SH_SQ], qb = b->len[SH_SQ], qn = qa > qb ? qa : qb;
    if ((qa < la || qb < lb) && qn >= 4 && (qn >= 6 ? 0.92 : 0.88) >= need && qa - qb <= 1 && qb - qa <= 1 &&
        popcount64((a->sig_latin ^ b->sig_latin) & 0xFFFFFFFFull) <= 2)
        return 1;
    int a_short = la <= lb; /* token_sim's shorter: a, unless b is shorter */
    uint64_t sig_short = a_short ? a->sig_latin : b->sig_latin, sig_long = a_short ? b->sig_latin : a->sig_latin;
    if (!(0.8 >= need) || (a_short ? la : lb) < 4 || a->pre4 != b->pre4) return 0;
    if (!(sig_short & ~sig_long)) return 1; /* a prefix */
    /* ing_form: shorter (5+) = x + e, longer = x + ing: x's letters are in longer (e's bit aside) */
    return (a_short ? la : lb) >= 5 && (a_short ? lb - la : la - lb) == 2 &&
           !(sig_short & 0xFFFFFFFFull & ~(1ull << 4) & ~sig_long);
#undef EQ
}

int token_sim_may(const WordShape *a, const WordShape *b, double need) { /* the two needs compiled apart */
    return need == MIN_SIM ? may(a, b, MIN_SIM) : need == NEED_COMPOUND ? may(a, b, NEED_COMPOUND) : may(a, b, need);
}

double token_sim(const Word *a, const Word *b, int *rule, double need) {
    if (need > 0 && !token_sim_may(&a->sh, &b->sh, need)) return *rule = R_FUZZY, 0.0; /* under need: may be 0 */
    return token_sim_rules(a, b, rule, need);
}

double token_sim_rules(const Word *a, const Word *b, int *rule, double need) {
    if (str_eq(&a->text, &b->text)) return *rule = R_EXACT, 1.0;
    if (a->kind == K_NUMBER || b->kind == K_NUMBER) return *rule = R_NUMBER, 0.0;
    if (a->kind == K_INITIAL || b->kind == K_INITIAL) {
        *rule = R_INITIAL;
        if (a->kind == b->kind) return 0.0;
        const Word *x = a->kind == K_INITIAL ? a : b, *y = a->kind == K_INITIAL ? b : a;
        Str y1 = {y->latin.p, y->latin.n < 1 ? y->latin.n : 1}; /* y.latin[:1] == x.latin */
        return str_eq(&y1, &x->latin) ? 0.9 : 0.0;
    }
    if (str_eq(&a->latin, &b->latin)) {
        *rule = (a->flags & F_TEXT_ASCII) && (b->flags & F_TEXT_ASCII) ? R_COMPOUND : R_TRANSLITERATION;
        return 0.97;
    }
    double best = 0.0;
    int r = R_FUZZY;
    /* shared variant sets (both sorted) */
    int nshared = 0, shared_all_translation = 1;
    int syll = (a->flags & F_SYLLABIC) || (b->flags & F_SYLLABIC);
    for (int32_t i = 0, j = 0; i < a->nvar && j < b->nvar;) {
        if (a->var[i] < b->var[j]) {
            i++;
        } else if (a->var[i] > b->var[j]) {
            j++;
        } else {
            int32_t v = a->var[i];
            if (!syll || is_translation(v)) { /* a Han/kana word meets others by translation only */
                nshared++;
                if (!is_translation(v)) shared_all_translation = 0;
            }
            i++;
            j++;
        }
    }
    if (nshared) {
        int foreign = !((a->flags & F_ENGLISH) && (b->flags & F_ENGLISH));
        best = 0.95;
        r = foreign && shared_all_translation ? R_TRANSLATION : R_VARIANT;
    }
    if (syll) {
        if (nshared) return *rule = r, best;
        return *rule = R_SYLLABLES, 0.0;
    }
    if ((a->flags & F_ABJAD) || (b->flags & F_ABJAD)) {
        double s = skeleton_sim(a, b, need);
        if (s > best) return *rule = R_TRANSLITERATION, s;
        return *rule = r, best;
    }
    if (((a->flags | b->flags) & F_VOWELLESS) && !prefix3_eq(&a->latin, &b->latin)) {
        if (nshared) return *rule = r, best;
        return *rule = R_ACRONYM, 0.0;
    }
    if ((a->core.n && (str_eq(&a->core, &b->latin) || str_eq(&a->core, &b->core))) ||
        (b->core.n && str_eq(&b->core, &a->latin))) {
        if (best < 0.95) best = 0.95, r = R_ARTICLE;
    }
    if (best < 0.95 && str_eq(&a->sq, &b->sq)) best = 0.95, r = R_PHONETIC;
    double onset = (latin_onsets(a, 1) & latin_onsets(b, 1)) ? 1.0 : ONSET_MISMATCH;
    if (best < 0.92 * onset && str_eq(&a->skel, &b->skel) && a->skel.n >= 3) {
        best = 0.92 * onset, r = R_PHONETIC;
    } else if (best < 0.9 * onset && str_eq(&a->loose, &b->loose) && a->loose.n >= 3) {
        best = 0.9 * onset, r = R_PHONETIC;
    } else if (best < 0.85 &&
               ((str_eq(&a->loose, &b->loose) && a->loose.n == 2) || (str_eq(&a->skel, &b->skel) && a->skel.n == 2)) &&
               same_lead(a, b) && (a->latin.n - b->latin.n <= 2 && b->latin.n - a->latin.n <= 2)) {
        best = 0.85, r = R_PHONETIC;
    }
    if (best < 0.9 && core_skeletons_meet(a, b)) best = 0.9, r = R_ARTICLE;
    if (best < 0.92) {
        double f = fuzzy(&a->latin, a->sh.sig_latin, &b->latin, b->sh.sig_latin, need);
        if (a->core.n || b->core.n) {
            double g = fuzzy(a->core.n ? &a->core : &a->latin, a->core.n ? a->sh.sig_core : a->sh.sig_latin,
                             b->core.n ? &b->core : &b->latin, b->core.n ? b->sh.sig_core : b->sh.sig_latin, need);
            if (g > f) f = g;
        }
        if (!(a->sh.bits & b->sh.bits & SH_RA_LATIN)) { /* ra != latin on either side */
            double g = fuzzy(&a->ra, a->sh.sig_ra, &b->ra, b->sh.sig_ra, need);
            if (g > f) f = g;
        }
        double g = squeezed_typo(a, b, need);
        if (g > f) f = g;
        if (f > best) best = f, r = R_FUZZY;
        const Str *shorter = &a->latin, *longer = &b->latin;
        uint64_t sig_short = a->sh.sig_latin, sig_long = b->sh.sig_latin;
        if (b->latin.n < a->latin.n)
            shorter = &b->latin, longer = &a->latin, sig_short = b->sh.sig_latin, sig_long = a->sh.sig_latin;
        /* a prefix holds no letter (and no letter twice) its word does not: the signatures say most no */
        if (best < 0.8 && shorter->n >= 4 &&
            ((!(sig_short & ~sig_long) && startswith(longer, shorter)) || ing_form(shorter, longer)))
            best = 0.8, r = R_TRUNCATION;
    }
    if (!nshared && best > 0.6 && a->nvar && b->nvar) best = 0.6, r = R_DISTINCT;
    return *rule = r, best;
}

