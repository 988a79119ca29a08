/* token_sim_may's test (shape_may), in a header so that the search loops inline it with their need a
 * constant (search.c: matches, index_unit_sims); wordsim.c's token_sim_may is the same test. */
#ifndef WATCHLIST_MAY_H
#define WATCHLIST_MAY_H

#include "engine.h"

/* The functions that inline shape_may are compiled twice, the one run chosen at load: with the
 * popcnt instruction (every x86-64 CPU since 2008 has it) and without it (the compiler's popcount) */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define TARGET_POPCNT __attribute__((target_clones("popcnt", "default")))
#define POPCOUNT(x) __builtin_popcountll(x)
#else
#define TARGET_POPCNT
#define POPCOUNT(x) popcount64(x)
#endif

/* Two of the tests below compare a double expression of small integers with need: for the two needs
 * the search asks (MIN_SIM, NEED_COMPOUND) and lengths under MAY_TABLE they read its value from a
 * table made at module load by the very same expression (may_tables_init), which spares a
 * conversion or a division a pair; any other need or length computes it. */
#define MAY_TABLE 64
extern int8_t may_fuzzy_dmax[2][MAY_TABLE]; /* fuzzy_dmax(n, need) */
extern int8_t may_skel_dmax[2][MAY_TABLE];  /* the largest d >= 1 with skel_lev_may(d, mx, need), else 0 */
void may_tables_init(void);

/* fuzzy_may's most edits for need at length n */
static inline __attribute__((always_inline)) int fuzzy_dmax_of(int n, double need) {
    return (int)(0.8 * (1.0 - need) * n + 1e-9);
}
static inline __attribute__((always_inline)) int fuzzy_dmax(int n, double need) {
    if (n < MAY_TABLE && (need == MIN_SIM || need == NEED_COMPOUND)) return may_fuzzy_dmax[need == NEED_COMPOUND][n];
    return fuzzy_dmax_of(n, need);
}

/* skeleton_may's Levenshtein test: 0.93 * lev >= need for d edits (d >= 1) on the longer length mx; it
 * falls as d grows (every operation on the way is monotone), so for a length it holds up to a d */
static inline __attribute__((always_inline)) int skel_lev_of(int d, int mx, double need) {
    return 0.93 * (1.0 - 2.0 * d / mx) + 1e-9 >= need;
}
static inline __attribute__((always_inline)) int skel_lev_may(int d, int mx, double need) {
    if (mx < MAY_TABLE && (need == MIN_SIM || need == NEED_COMPOUND)) return d <= may_skel_dmax[need == NEED_COMPOUND][mx];
    return skel_lev_of(d, mx, need);
}

/* osa_lower_bound on lengths and signatures */
static inline __attribute__((always_inline)) int dist_lb(int na, uint64_t sa, int nb, uint64_t sb) {
    int diff = na > nb ? na - nb : nb - na, d = (POPCOUNT(sa ^ sb) + diff + 1) / 2;
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
    int n = na > nb ? na : nb, diff = na > nb ? na - nb : nb - na, pc = POPCOUNT(sa ^ sb);
    int dl = (pc + diff + 1) / 2;
    if (dl < diff) dl = diff;
    if (dl == 0) return 1;
    if (dl <= 1 && n >= 4 && (n >= 6 ? 0.92 : 0.88) >= need) return 1;
    if (dl <= 2 && n >= 7 && (n >= 9 ? 0.86 : 0.8) >= need) return 1;
    int d = dl; /* the least distance the mean path takes */
    if (d == 1 && n >= 4) d = 2;
    if (d == 2 && n >= 7) d = 3;
    if (d > n || d > fuzzy_dmax(n, need)) return 0; /* under need even with jw = 1 */
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
static inline __attribute__((always_inline)) int skeleton_may(const WordShape *a, const WordShape *b, double need) {
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
            if (skel_lev_may(d > 1 ? d : 1, mx, need)) return 1;
        }
    }
    return 0;
}

/* 0 when token_sim(a, b) (need 0) is surely under need, from the shapes alone: rule by rule, a rule's
 * value counts where a necessary condition of the rule holds (equal strings have equal lengths,
 * hashes and signatures; a shared variant set a shared bit; a prefix the first four bytes and no
 * letter its word lacks). Follows token_sim: keep the two in step (tests/engine/test_wordsim.py
 * checks it on real and random word pairs). */
static inline __attribute__((always_inline)) int shape_may(const WordShape *a, const WordShape *b, double need) {
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
        POPCOUNT((a->sig_latin ^ b->sig_latin) & 0xFFFFFFFFull) <= 2)
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

#endif
