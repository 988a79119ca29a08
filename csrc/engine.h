/* watchlist._engine: the compiled name matcher.
 *
 * A line-by-line port of watchlist.match.features.token_sim / align, watchlist.match.score.score_tokens
 * and watchlist.index retrieval, on packed word features. The Python functions stay the reference:
 * tests/engine compares both on real list names and random ones (same similarities, same floats).
 * Floating-point expressions are written in the Python code's order and the module is compiled
 * without FMA contraction, so every score is bit-identical to the Python one.
 */
#ifndef WATCHLIST_ENGINE_H
#define WATCHLIST_ENGINE_H

#include <stddef.h>
#include <stdint.h>

/* word kinds, in the order of watchlist.names.tokens.KINDS */
enum { K_NAME, K_PATRONYMIC, K_TITLE, K_PARTICLE, K_LEGAL, K_STOP, K_NUMBER, K_INITIAL, K_COUNT };
#define IS_LOW(k) ((k) >= K_TITLE && (k) <= K_STOP)

/* word flags (set by watchlist.engine.word_features) */
enum {
    F_ABJAD = 1,      /* an abjad-script word */
    F_SYLLABIC = 2,   /* Han or kana (translit.is_syllabic) */
    F_ENGLISH = 4,    /* an English form of a translation set (variants.is_english) */
    F_GIVEN = 8,      /* tokens.is_given_name */
    F_ORGWORD = 16,   /* latin in data/org_words.yml */
    F_ABU = 32,       /* first variant set is "abu" (a kunya's Abu) */
    F_TEXT_ASCII = 64, /* text.isascii() */
    F_VOWELLESS = 128, /* latin is two or more consonants other than y (features._VOWELLESS) */
    F_ONSET_VOWEL = 256, /* an abjad word may start with a vowel sound (features.abjad_onsets) */
    F_ONSET_CONS = 512   /* ... or with a consonant */
};

/* rules, in the order of watchlist.engine.RULES */
enum {
    R_EXACT, R_NUMBER, R_INITIAL, R_COMPOUND, R_TRANSLITERATION, R_FUZZY, R_TRANSLATION, R_VARIANT,
    R_SYLLABLES, R_ACRONYM, R_ARTICLE, R_PHONETIC, R_TRUNCATION, R_DISTINCT, R_COUNT
};

#define MIN_SIM 0.5

typedef struct {
    const char *p;
    int32_t n;
} Str;

/* A word's shape: what token_sim_may reads (lengths, kind, letter signatures, hashes), so that an
 * index can test a pair on its word records without building the words (search.c: VRec). */
enum { SH_TEXT, SH_LATIN, SH_SKEL, SH_LOOSE, SH_CORE, SH_CORE_SKEL, SH_RA, SH_SQ }; /* len[] */
enum { SH_RA_LATIN = 1, SH_LONG = 2 }; /* bits; and latin_onsets(w, 0) << SH_ONSETS, latin_onsets(w, 1) << (SH_ONSETS + 2) */
#define SH_ONSETS 2
typedef struct {
    /* first cache line: what most pairs are settled on */
    uint16_t len[8]; /* the strings' lengths (SH_LONG: one is 65535 or longer) */
    uint16_t nvar;   /* variant sets (65535: that many or more) */
    uint16_t flags;  /* the word's flags (the onset ones too) */
    uint8_t nalt, kind, bits;
    uint32_t h_text, h_skel, h_loose, h_sq; /* 32-bit FNV-1a of those strings */
    uint64_t sig_latin;                     /* letter_sig */
    uint64_t var;                           /* bit var_bit(id) of each variant set id */
    double weight; /* not the shape's: an index keeps its word weight here (search.c: VRec) */
    /* second: cores, other scripts, abjad skeletons, truncations */
    uint64_t sig_core, sig_ra, sig_skel, sig_loose, sig_core_skel;
    double alt_max; /* the highest alt_sim (0 without alternatives) */
    uint32_t h_core_skel;
    uint32_t pre4; /* latin's first 4 bytes (fewer: zero padded) */
} WordShape;

/* The features of one word; the strings are borrowed (from an index's columns or a Word object). */
typedef struct {
    Str text, latin, skel, loose, core, core_skel, ra, sq; /* ra: latinize(text); sq: latin, doubled letters once */
    const int32_t *var; /* sorted variant-set ids */
    int32_t nvar;
    int32_t nalt; /* abjad alternative skeletons: alt_blob[alt_off[k]:alt_off[k+1]], similarity alt_sim[k] */
    const char *alt_blob;
    const uint32_t *alt_off;
    const double *alt_sim;
    int kind;
    unsigned flags;
    WordShape sh; /* word_derived */
    uint64_t mkey; /* mcache_hash (a query word's; 0 for an index's words) */
    double wdef; /* a query word's table weight (score.default_weight) */
    Str wkey;    /* and the key its rarity is counted under (score.weight_key), for names */
    int has_wkey;
    uint64_t wkey_hash; /* fnv1a of wkey */
} Word;

/* ---- strdist.c: metrics on ASCII bytes, equal to rapidfuzz's */
int osa_distance(const Str *a, const Str *b, int cutoff); /* > cutoff -> cutoff + 1 */
double osa_normalized_similarity(const Str *a, const Str *b);
double jaro_winkler_normalized_similarity(const Str *a, const Str *b);
double levenshtein_normalized_similarity(const Str *a, const Str *b);
uint32_t crc32_bytes(uint32_t crc, const char *p, size_t n);
uint64_t fnv1a(const char *p, size_t n);
double py_round(double x, int ndigits); /* Python's round(x, ndigits) */
/* Which letters a string holds once (bits 0-27) and twice or more (bits 32-59): a-z, then digits
 * as one letter, then any other byte. Every edit (insertion, deletion, substitution, transposition)
 * changes the letter counts by at most 2 in sum and the length by at most 1, at most 2 together, so
 * OSA distance >= (popcount(sig_a ^ sig_b) + |len_a - len_b|) / 2 (see osa_lower_bound). */
uint64_t letter_sig(const Str *s);
static inline int popcount64(uint64_t x) { /* without the popcnt instruction of newer CPUs */
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}
static inline int osa_lower_bound(const Str *a, uint64_t sa, const Str *b, uint64_t sb) {
    int diff = a->n > b->n ? a->n - b->n : b->n - a->n;
    int d = (popcount64(sa ^ sb) + diff + 1) / 2;
    return d > diff ? d : diff;
}

static inline int str_eq(const Str *a, const Str *b) {
    if (a->n != b->n) return 0;
    for (int32_t i = 0; i < a->n; i++)
        if (a->p[i] != b->p[i]) return 0;
    return 1;
}

/* ---- wordsim.c */
extern int32_t n_variant_sets; /* set ids from here on are organisation-word translation sets */
/* The similarity of two words and its rule. need > 0: a similarity under need may be given as 0
 * (the scorer drops pairs under MIN_SIM, compound pairs under 0.85); 0: exactly features.token_sim's. */
double token_sim(const Word *a, const Word *b, int *rule, double need);
/* 0 when token_sim(a, b, ., 0) < need is certain from the two words' shapes alone (no string is
 * read); token_sim(a, b, rule, need) then returns 0 at once. */
int token_sim_may(const WordShape *a, const WordShape *b, double need);
/* token_sim without the token_sim_may test (for a caller that made it) */
double token_sim_rules(const Word *a, const Word *b, int *rule, double need);
#define NEED_COMPOUND 0.85 /* a compound pairs only at this similarity or more (features.align) */
int is_compound_name(const Str *latin);
void word_derived(Word *w); /* sets w->sh from the strings, kind, flags, sets and alternatives */

#endif
