/* token_sim: the similarity of two words and its rule (watchlist.match.features.token_sim, ported
 * statement by statement; keep the two in step). */
#include <string.h>

#include "engine.h"
#include "may.h"

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

/* features._latin_onsets: bit 1 may start with a vowel, bit 2 with a consonant (y: either, if y_either);
 * word_derived keeps both in the shape (latin_onsets) */
static int onsets_of(const Word *t, int y_either) {
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

static inline int latin_onsets(const Word *t, int y_either) { return (t->sh.bits >> (SH_ONSETS + 2 * y_either)) & 3; }

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
    h->bits |= (uint8_t)(onsets_of(w, 0) << SH_ONSETS | onsets_of(w, 1) << (SH_ONSETS + 2));
    h->weight = w->wdef;
}

/* ------------------------------------------------------------------ can token_sim reach need? */

int8_t may_fuzzy_dmax[2][MAY_TABLE], may_skel_dmax[2][MAY_TABLE];

void may_tables_init(void) {
    const double needs[2] = {MIN_SIM, NEED_COMPOUND};
    for (int k = 0; k < 2; k++)
        for (int n = 0; n < MAY_TABLE; n++) {
            may_fuzzy_dmax[k][n] = (int8_t)fuzzy_dmax_of(n, needs[k]);
            int d = 0;
            while (n > 0 && d < 127 && skel_lev_of(d + 1, n, needs[k])) d++;
            may_skel_dmax[k][n] = (int8_t)d;
        }
}

TARGET_POPCNT int token_sim_may(const WordShape *a, const WordShape *b, double need) { /* the two needs compiled apart */
    return need == MIN_SIM ? shape_may(a, b, MIN_SIM)
           : need == NEED_COMPOUND ? shape_may(a, b, NEED_COMPOUND) : shape_may(a, b, need);
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

