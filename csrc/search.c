/* The Index type: a NameIndex's flat arrays, searched in C (watchlist.index.NameIndex._search_py is
 * the Python reference of every step: keys, matches, candidates, scores, best per group). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "explain.h"
#include "mcache.h"
#include "may.h"
#include "module.h"

#define CANDIDATES 100     /* index._CANDIDATES */
#define PRUNE 0.3          /* index._PRUNE */
#define COMMON_SHARE 0.02  /* index._COMMON_SHARE */
#define NFIELDS 8          /* text latin skel loose core core_skel ra sq */
#define PREFETCH(p) __builtin_prefetch(p)
#define PREFETCH_VREC(ix, v) (PREFETCH(&(ix)->vrec[v]), PREFETCH((const char *)&(ix)->vrec[v] + 64))

typedef struct {
    Py_buffer view;
    int held;
} Buf;

enum {
    B_V_KIND, B_V_FLAGS, B_V_WEIGHT, B_V_STR, B_V_STR_OFF, B_VAR_OFF, B_VAR_IDS, B_ALT_START, B_ALT_OFF, B_ALT_BLOB,
    B_ALT_SIM, B_NAME_OFF, B_NAME_VID, B_COMP_OFF, B_COMP, B_GROUPS, B_TYPES, B_TEXTS, B_TEXT_OFF, B_REL_OFF, B_REL_J,
    B_REL_RUN, B_RUNS, B_POST_OFF, B_POST_NID, B_KEY_HASH, B_KEY_OFF, B_KEY_VID, B_ACR_HASH, B_ACR_OFF, B_ACR_NID,
    B_COUNT
};

static const struct {
    const char *name;
    Py_ssize_t itemsize;
} buf_spec[B_COUNT] = {
    {"v_kind", 1},    {"v_flags", 2},   {"v_weight", 8},   {"v_str", 1},     {"v_str_off", 4},  {"var_off", 8},
    {"var_ids", 4},   {"alt_start", 4}, {"alt_off", 4},    {"alt_blob", 1},  {"alt_sim", 8},    {"name_off", 8},
    {"name_vid", 4},  {"comp_off", 8},  {"comp", 4},       {"groups", 8},    {"types", 1},      {"texts", 1},
    {"text_off", 8},  {"rel_off", 8},   {"rel_j", 4},      {"rel_run", 4},   {"runs", 4},       {"post_off", 8},
    {"post_nid", 4},  {"key_hash", 4},  {"key_off", 8},    {"key_vid", 4},     {"acr_hash", 4},  {"acr_off", 8},
    {"acr_nid", 4},
};

/* One vocabulary word in two cache lines, built at load from the columns: its shape (what
 * token_sim_may reads: most pairs a query word meets are settled on it, the word never built) and
 * where its strings and sets are. alt_start[v] is read for an abjad word's alternatives. */
typedef struct {
    WordShape sh; /* sh.weight: v_weight */
    uint32_t str; /* v_str offset of its first field */
    uint32_t var; /* var_ids offset */
} VRec;
_Static_assert(sizeof(VRec) == 128, "a vocabulary record is two cache lines");

/* What the bound reads of a vocabulary word (listed_name with full 0), apart from its record: 16
 * bytes a word, so that the candidates' words cost a small array's cache lines, and their records
 * are read only for the pairs the similarity cache does not hold yet. */
typedef struct {
    double weight; /* v_weight */
    uint8_t kind;
    char ini; /* latin's first byte ('\0': none) */
} VInfo;
_Static_assert(sizeof(VInfo) == 16, "four a cache line");

typedef struct {
    uint32_t *h;
    size_t n, cap;
} U32s;

typedef struct {
    Match *m;
    size_t n, cap;
} Matches;

typedef struct Cand Cand;

/* a name's collected weight in this query (valid while stamp is the query's) */
typedef struct Acc {
    double acc, cacc; /* from spans, from common words */
    uint32_t stamp;
} Acc;
typedef struct Best Best;
typedef struct Listed Listed;

struct Listed {
    Word words[MAX_WORDS], comps[MAX_WORDS];
    double weight[MAX_WORDS];
    int ci[MAX_WORDS], cj[MAX_WORDS];
    int32_t cvid[2 * MAX_WORDS];
    const Word *cw[2 * MAX_WORDS]; /* the listed units: words, then compounds */
    char ini[MAX_WORDS];           /* the words' latin initials ('\0': none), for score_bound */
    Name name;
};

struct Best {
    int64_t group;
    int32_t nid;
    double score;
    Pair pairs[MAX_WORDS];
    int np;
};

struct Cand {
    int32_t nid;
    double acc;
};

/* (query unit, word id) -> similarity, for one query: a vocabulary word touched by the query gets a
 * row (row[v], valid while gen[v] is the query's generation) of two slots per query unit, one for
 * each need: slot 2 * qu holds token_sim with need MIN_SIM (exact from MIN_SIM up: it serves both
 * needs), 2 * qu + 1 with need NEED_COMPOUND. */
typedef struct {
    double s;
    int32_t rule;
} Slot;

typedef struct {
    uint32_t *gen, *row; /* per vocabulary word */
    uint32_t cur;        /* this query's generation */
    int width, mwords;   /* slots per row, and 64-bit words of its "known" bits */
    Slot *slots;         /* nrows * width */
    uint64_t *known;     /* nrows * mwords: slot k of row r is known if bit k of known[r * mwords...] */
    size_t nrows, cap;   /* rows used, rows allocated */
} SimCache;

/* a row: its slots and known bits */
typedef struct {
    Slot *s;
    uint64_t *known;
} Row;

static inline int row_known(Row r, int k) { return (int)((r.known[k >> 6] >> (k & 63)) & 1); }

static inline void row_set(Row r, int k, double s, int rule) {
    r.s[k] = (Slot){s, rule};
    r.known[k >> 6] |= (uint64_t)1 << (k & 63);
}

typedef struct {
    PyObject_HEAD Buf b[B_COUNT];
    Py_ssize_t n, nlisted, nv, nkeys; /* n: indexed names; nlisted: the first ones, the list's own (weights) */
    /* typed views */
    const uint8_t *v_kind, *types;
    const uint16_t *v_flags;
    const double *v_weight, *alt_sim;
    const char *v_str, *alt_blob, *texts;
    const uint32_t *v_str_off, *alt_off, *key_hash, *acr_hash;
    const int64_t *var_off, *name_off, *comp_off, *groups, *text_off, *rel_off, *post_off, *key_off, *acr_off;
    const int32_t *var_ids, *alt_start, *name_vid, *comp, *rel_j, *rel_run, *runs, *post_nid, *key_vid, *acr_nid;
    Py_ssize_t nacr;
    uint32_t *kdir; /* kdir[b]: first key whose hash >> 16 is b or more (65537 entries) */
    uint64_t *kbloom; /* a blocked Bloom filter of the key hashes (kbloom_bits words; bloom_bits) */
    int kbloom_shift;
    VRec *vrec;     /* per vocabulary word */
    VInfo *vinfo;   /* and its bound's part */
    PyObject *df_keys; /* str: the weight keys, NUL-separated (held) */
    const char **dfk;  /* df table: key, its length, its count (open addressing, dfcap slots) */
    int32_t *dfn, *dfv;
    size_t dfcap;
    double ref;        /* build.reference_weight(n) */
    /* scratch, made on first search */
    struct Acc *acc; /* per name: the weight it collected (candidates) */
    uint32_t cur;
    uint32_t *vseen, vseen_cur; /* vocabulary words a query word's keys reached (matches) */
    SimCache cache;
    MCache *mcache; /* query word -> matches, across queries */
    Text text;      /* an explanation being written */
    struct NameBuf *qb;
    struct Cand *cands;
    struct Best *best;
    struct Listed *listed;
    U32s keys, vids;                 /* matches' and candidates' scratch */
    uint8_t cmplist[2][K_COUNT][MAX_UNITS];       /* this query's compared units, ascending (query_units) */
    uint8_t ncmp[2][K_COUNT];                     /* and their counts */
    const Word *qunit[MAX_UNITS];                 /* its units: words, then compounds */
    unsigned char qacr[MAX_WORDS];                /* and acronym words */
    int qacr_any;
    Matches *found;                  /* per query unit: its matches (MAX_UNITS) */
    USim *usim;       /* a candidate's unit pair similarities */
    size_t usim_cap;
} IndexObject;

/* ------------------------------------------------------------------ memory */

/* An array read at random (per vocabulary word or name): from 2 MB on, aligned to and advised for
 * transparent huge pages where the system has them on request, so that its reads miss the TLB far
 * less; else cache-line aligned. zero: cleared. Freed with free(). */
#define HUGE_PAGE ((size_t)2 << 20)
static void *big_alloc(size_t size, int zero) {
    size_t n = (size + 63) / 64 * 64;
    void *p = NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (n >= HUGE_PAGE) {
        n = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        if (posix_memalign(&p, HUGE_PAGE, n) != 0) return NULL;
        madvise(p, n, MADV_HUGEPAGE); /* advice only: its failure changes nothing */
    }
#endif
    if (!p && !(p = aligned_alloc(64, n))) return NULL;
    if (zero) memset(p, 0, n);
    return p;
}

/* ------------------------------------------------------------------ vocabulary words */

static void vocab_word(const IndexObject *ix, int32_t v, Word *w) {
    const VRec *r = &ix->vrec[v];
    const char *p = ix->v_str + r->str;
    Str *f[NFIELDS] = {&w->text, &w->latin, &w->skel, &w->loose, &w->core, &w->core_skel, &w->ra, &w->sq};
    for (int i = 0; i < NFIELDS; i++) {
        f[i]->p = p;
        f[i]->n = r->sh.len[i];
        p += r->sh.len[i];
    }
    w->var = ix->var_ids + r->var;
    w->nvar = r->sh.nvar;
    w->nalt = r->sh.nalt;
    w->alt_blob = ix->alt_blob;
    int32_t alt = r->sh.nalt ? ix->alt_start[v] : 0;
    w->alt_off = ix->alt_off + alt;
    w->alt_sim = ix->alt_sim + alt;
    w->kind = r->sh.kind;
    w->flags = r->sh.flags;
    w->sh = r->sh;
    w->mkey = 0;
    w->wdef = r->sh.weight;
    w->has_wkey = 0;
    w->wkey.p = NULL;
    w->wkey.n = 0;
}

/* ------------------------------------------------------------------ similarity cache */

static void cache_free(SimCache *c) {
    free(c->gen), free(c->row), free(c->slots), free(c->known);
    memset(c, 0, sizeof *c);
}

static int cache_init(SimCache *c, Py_ssize_t nv) {
    size_t n = (size_t)(nv ? nv : 1);
    c->gen = big_alloc(n * sizeof *c->gen, 1);
    c->row = big_alloc(n * sizeof *c->row, 0);
    c->cur = 1;
    c->width = 2, c->mwords = 1;
    return c->gen && c->row ? 0 : -1;
}

/* a new query of nunits units: every row forgotten (rows allocated for a narrower query are reused) */
static void cache_reset(SimCache *c, Py_ssize_t nv, int nunits) {
    size_t slots = c->cap * (size_t)c->width, words = c->cap * (size_t)c->mwords;
    c->nrows = 0;
    c->width = 2 * (nunits > 1 ? nunits : 1);
    c->mwords = (c->width + 63) / 64;
    size_t a = slots / (size_t)c->width, b = words / (size_t)c->mwords;
    c->cap = a < b ? a : b;
    if (++c->cur == 0) { /* wrapped: clear */
        memset(c->gen, 0, (size_t)(nv ? nv : 1) * sizeof *c->gen);
        c->cur = 1;
    }
}

/* room for n more rows (the rows then added stay where they are); -1 without memory */
static int cache_reserve(SimCache *c, size_t n) {
    if (c->nrows + n <= c->cap) return 0;
    size_t cap = c->cap ? c->cap * 2 : 256;
    while (c->nrows + n > cap) cap *= 2;
    Slot *slots = realloc(c->slots, cap * (size_t)c->width * sizeof *slots);
    if (slots) c->slots = slots;
    uint64_t *known = slots ? realloc(c->known, cap * (size_t)c->mwords * sizeof *known) : NULL;
    if (!known) {
        c->cap = 0; /* the larger of the two blocks may be the old one: recount at the next reset */
        return -1;
    }
    c->known = known, c->cap = cap;
    return 0;
}

/* the row of word v; .s NULL when v has none and add is 0, or memory is short */
static inline Row cache_row(SimCache *c, int32_t v, int add) {
    Row r = {NULL, NULL};
    size_t i;
    if (c->gen[v] == c->cur) {
        i = c->row[v];
    } else {
        if (!add || cache_reserve(c, 1) < 0) return r;
        i = c->nrows++;
        c->gen[v] = c->cur, c->row[v] = (uint32_t)i;
        for (int w = 0; w < c->mwords; w++) c->known[i * (size_t)c->mwords + (size_t)w] = 0; /* mostly one word */
    }
    r.s = c->slots + i * (size_t)c->width, r.known = c->known + i * (size_t)c->mwords;
    return r;
}

/* remember a similarity for this query (nothing when it is known or memory is short) */
static inline void cache_put(SimCache *c, int qu, int32_t v, int compound, double s, int rule) {
    Row row = cache_row(c, v, 1);
    if (row.s && !row_known(row, 2 * qu + compound)) row_set(row, 2 * qu + compound, s, rule);
}

/* ------------------------------------------------------------------ retrieval keys (index._keys) */


static int grow_u32(U32s *a) {
    size_t cap = a->cap ? a->cap * 2 : 64;
    uint32_t *h = realloc(a->h, cap * sizeof *h);
    if (!h) return -1;
    a->h = h, a->cap = cap;
    return 0;
}

static inline int push_u32(U32s *a, uint32_t x) {
    if (a->n == a->cap && grow_u32(a) < 0) return -1;
    a->h[a->n++] = x;
    return 0;
}

/* the CRC-32 of tag + s1 + s2 */
static int key_of(U32s *out, char tag, const char *s1, int n1, const char *s2, int n2) {
    if (n1 + n2 + 1 > 1024) return 0; /* no word is that long; Python's keys would be too */
    return push_u32(out, crc32_bytes(crc32_bytes(crc32_bytes(0, &tag, 1), s1, (size_t)n1), s2, (size_t)n2));
}

/* tag + s with each one letter left out, then tag + s: CRC-32s of the prefixes carried along */
static int deletion_keys(U32s *out, char tag, const Str *s) {
    if (s->n > 1024) return 0; /* as key_of: keys over 1024 bytes are left out */
    uint32_t pre = crc32_bytes(0, &tag, 1);
    for (int k = 0; k < s->n; k++) {
        if (push_u32(out, crc32_bytes(pre, s->p + k + 1, (size_t)(s->n - k - 1))) < 0) return -1;
        pre = crc32_bytes(pre, s->p + k, 1);
    }
    return s->n + 1 > 1024 ? 0 : push_u32(out, pre);
}

static int word_keys(const Word *t, U32s *out) {
    out->n = 0;
    if (t->kind == K_NUMBER) return key_of(out, 'L', t->text.p, t->text.n, "", 0);
    const Str *sk[3] = {&t->skel, &t->loose, &t->core_skel};
    for (int i = 0; i < 3; i++)
        if (sk[i]->n >= 2 && key_of(out, 'S', sk[i]->p, sk[i]->n, "", 0) < 0) return -1;
    for (int i = 0; i < 2; i++) {
        const Str *s = sk[i];
        if (s->n < 4) continue;
        if (deletion_keys(out, 'E', s) < 0) return -1;
    }
    for (int32_t k = 0; k < t->nvar; k++) {
        char num[24];
        int len = snprintf(num, sizeof num, "%d", (int)t->var[k]);
        if (key_of(out, 'V', num, len, "", 0) < 0) return -1;
    }
    if (!(t->flags & F_ABJAD)) {
        const Str *forms[2] = {&t->latin, &t->core};
        for (int i = 0; i < 2; i++) {
            const Str *f = forms[i];
            if (!f->n) continue;
            if (key_of(out, 'L', f->p, f->n, "", 0) < 0) return -1;
            if (f->n >= 4 && deletion_keys(out, 'D', f) < 0) return -1;
            if (f->n >= 5 && key_of(out, 'P', f->p, 5, "", 0) < 0) return -1;
        }
        /* a long word's last 7 letters: two edits near its start (rukhervomotor / ruchservomotor) */
        if (t->latin.n >= 10 && key_of(out, 'Q', t->latin.p + t->latin.n - 7, 7, "", 0) < 0) return -1;
    }
    return 0;
}

/* ascending, in place (quicksort with a median of three, insertion sort under 16 items) */
static void sort_u32(uint32_t *a, size_t n) {
    while (n > 16) {
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint32_t p = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            uint32_t t = a[i];
            a[i] = a[j], a[j] = t;
            i++, j--;
        }
        /* a[0..j] <= p <= a[j+1..n-1]: sort the smaller side by recursion, loop on the larger */
        if (j + 1 < n - j - 1) {
            sort_u32(a, j + 1);
            a += j + 1, n -= j + 1;
        } else {
            sort_u32(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > x) a[j] = a[j - 1], j--;
        a[j] = x;
    }
}

static size_t sort_unique(uint32_t *a, size_t n) {
    if (!n) return 0;
    sort_u32(a, n);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[k - 1]) a[k++] = a[i];
    return k;
}

/* ------------------------------------------------------------------ matches (index._matches) */


static int grow_matches(Matches *a) {
    size_t cap = a->cap ? a->cap * 2 : 64;
    Match *m = realloc(a->m, cap * sizeof *m);
    if (!m) return -1;
    a->m = m, a->cap = cap;
    return 0;
}

static inline int push_match(Matches *a, int32_t v, double s, int rule) {
    if (a->n == a->cap && grow_matches(a) < 0) return -1;
    a->m[a->n].v = v, a->m[a->n].s = s, a->m[a->n].rule = rule;
    a->n++;
    return 0;
}

/* the key filter: a key sets two bits of one 64-bit word (a blocked Bloom filter, 8 bits a key) */
static inline size_t bloom_word(const IndexObject *ix, uint32_t h) {
    return (size_t)(((uint64_t)h * 0x9E3779B97F4A7C15ull) >> ix->kbloom_shift);
}

static inline uint64_t bloom_mask(uint32_t h) { return (uint64_t)1 << (h & 63) | (uint64_t)1 << ((h >> 6) & 63); }

/* words of the vocabulary the keys of t reach, with similarity >= MIN_SIM, by word id */
TARGET_POPCNT static int matches(IndexObject *ix, int qu, const Word *t, Matches *out, U32s *keys, U32s *vids) {
    out->n = 0;
    size_t nc;
    const Match *known = ix->mcache ? mcache_get(ix->mcache, t, &nc) : NULL;
    if (known) { /* seen in an earlier query: its similarities go to this query's cache too */
        for (size_t k = 0; k < nc; k++) {
            if (push_match(out, known[k].v, known[k].s, known[k].rule) < 0) return -1;
            cache_put(&ix->cache, qu, known[k].v, 0, known[k].s, known[k].rule);
        }
        return 0;
    }
    if (word_keys(t, keys) < 0) return -1;
    vids->n = 0;
    if (++ix->vseen_cur == 0) { /* wrapped: clear */
        memset(ix->vseen, 0, (size_t)(ix->nv ? ix->nv : 1) * sizeof *ix->vseen);
        ix->vseen_cur = 1;
    }
    /* in passes, each fetching ahead what the next one reads (the arrays are far larger than the
     * caches): the keys the filter lets through, their buckets, their positions, their words, then
     * the words' records */
    size_t nkeys = 0;
    for (size_t k = 0; k < keys->n; k++) PREFETCH(&ix->kbloom[bloom_word(ix, keys->h[k])]);
    for (size_t k = 0; k < keys->n; k++) {
        uint32_t h = keys->h[k];
        uint64_t m = bloom_mask(h);
        if ((ix->kbloom[bloom_word(ix, h)] & m) != m) continue; /* in no name of this index */
        keys->h[nkeys++] = h;
        PREFETCH(&ix->key_hash[ix->kdir[h >> 16]]);
    }
    size_t nfound = 0;
    for (size_t k = 0; k < nkeys; k++) {
        uint32_t h = keys->h[k];
        Py_ssize_t lo = ix->kdir[h >> 16], hi = ix->kdir[(h >> 16) + 1];
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (ix->key_hash[mid] < h) lo = mid + 1;
            else hi = mid;
        }
        if (lo < ix->nkeys && ix->key_hash[lo] == h) {
            PREFETCH(&ix->key_off[lo]);
            keys->h[nfound++] = (uint32_t)lo; /* the key's position replaces its hash */
        }
    }
    for (size_t k = 0; k < nfound; k++) PREFETCH(&ix->key_vid[ix->key_off[keys->h[k]]]);
    for (size_t k = 0; k < nfound; k++) {
        uint32_t at = keys->h[k];
        for (int64_t p = ix->key_off[at]; p < ix->key_off[at + 1]; p++) {
            int32_t v = ix->key_vid[p];
            if (ix->vseen[v] == ix->vseen_cur) continue;
            ix->vseen[v] = ix->vseen_cur;
            if (push_u32(vids, (uint32_t)v) < 0) return -1;
        }
    }
    size_t nv = vids->n; /* distinct, in the order the keys found them */
    for (size_t k = 0; k < nv && k < 8; k++) PREFETCH(&ix->vrec[vids->h[k]]);
    for (size_t k = 0; k < nv; k++) {
        if (k + 8 < nv) PREFETCH(&ix->vrec[vids->h[k + 8]]);
        int rule;
        int32_t v = (int32_t)vids->h[k];
        double s;
        Row row = cache_row(&ix->cache, v, 0);
        if (row.s && row_known(row, 2 * qu)) {
            s = row.s[2 * qu].s, rule = row.s[2 * qu].rule;
        } else if (!shape_may(&t->sh, &ix->vrec[v].sh, MIN_SIM)) { /* token_sim_may, inlined */
            continue; /* under MIN_SIM (not remembered: most of these words are in no candidate) */
        } else {
            Word w;
            vocab_word(ix, v, &w);
            s = token_sim_rules(t, &w, &rule, MIN_SIM);
            row = row.s ? row : cache_row(&ix->cache, v, 1);
            if (row.s) row_set(row, 2 * qu, s, rule);
        }
        if (s >= MIN_SIM && push_match(out, v, s, rule) < 0) return -1;
    }
    /* by word id (the order the candidates' weights are summed in) */
    for (size_t i = 1; i < out->n; i++) {
        Match x = out->m[i];
        size_t j = i;
        while (j > 0 && out->m[j - 1].v > x.v) out->m[j] = out->m[j - 1], j--;
        out->m[j] = x;
    }
    if (ix->mcache && mcache_put(ix->mcache, t, out->m, out->n) < 0) return -1;
    return 0;
}

/* ------------------------------------------------------------------ query word weights (build.idf_weight) */

static int32_t df_of(const IndexObject *ix, const Str *key, uint64_t hash) { /* hash: fnv1a of the key */
    if (!ix->dfcap) return 0;
    size_t h = (size_t)hash & (ix->dfcap - 1);
    while (ix->dfk[h]) {
        if (ix->dfn[h] == key->n && memcmp(ix->dfk[h], key->p, (size_t)key->n) == 0) return ix->dfv[h];
        h = (h + 1) & (ix->dfcap - 1);
    }
    return 0;
}

/* the lower of the table weight and the word's rarity among this index's names */
static double query_weight(const IndexObject *ix, const Word *t) {
    double w = t->wdef;
    if (t->has_wkey) {
        int32_t d = df_of(ix, &t->wkey, t->wkey_hash);
        if (d) {
            double x = log((double)(ix->nlisted > 1 ? ix->nlisted : 1) / (double)d) / ix->ref;
            x = 1.0 <= x ? 1.0 : x; /* min(1.0, x) */
            x = 0.1 >= x ? 0.1 : x; /* max(0.1, x) */
            w = w <= x ? w : x;     /* min(w, x) */
        }
    }
    return w;
}

static int df_table(IndexObject *ix, PyObject *keys, const int32_t *vals, Py_ssize_t nvals) {
    Py_ssize_t len;
    const char *p = PyUnicode_AsUTF8AndSize(keys, &len);
    if (!p) return -1;
    size_t cap = 16;
    while (cap < 2 * (size_t)nvals + 16) cap *= 2;
    ix->dfk = calloc(cap, sizeof *ix->dfk);
    ix->dfn = calloc(cap, sizeof *ix->dfn);
    ix->dfv = calloc(cap, sizeof *ix->dfv);
    if (!ix->dfk || !ix->dfn || !ix->dfv) {
        PyErr_NoMemory();
        return -1;
    }
    ix->dfcap = cap;
    Py_ssize_t k = 0, start = 0;
    for (Py_ssize_t i = 0; len && i <= len; i++) {
        if (i < len && p[i]) continue;
        if (k >= nvals) break;
        size_t h = (size_t)fnv1a(p + start, (size_t)(i - start)) & (cap - 1);
        while (ix->dfk[h]) h = (h + 1) & (cap - 1);
        ix->dfk[h] = p + start, ix->dfn[h] = (int32_t)(i - start), ix->dfv[h] = vals[k++];
        start = i + 1;
    }
    if (k != nvals) {
        PyErr_SetString(PyExc_ValueError, "index weight keys do not fit their counts");
        return -1;
    }
    Py_INCREF(keys);
    ix->df_keys = keys;
    return 0;
}

/* ------------------------------------------------------------------ query */

typedef struct {
    NameBuf *q;             /* the query words, weights and compounds */
    double compw[MAX_WORDS]; /* weights of the compounds (retrieval) */
    const char *norm;       /* normalized query text (UTF-8) */
    Py_ssize_t norm_n;
} Query;



static int cand_worse(const Cand *a, const Cand *b) { /* order (-acc, nid): a after b */
    return a->acc < b->acc || (a->acc == b->acc && a->nid > b->nid);
}


static void scratch_free(IndexObject *ix) {
    free(ix->acc), free(ix->qb), free(ix->cands), free(ix->best), free(ix->listed), free(ix->vseen);
    free(ix->keys.h), free(ix->vids.h);
    if (ix->found)
        for (int u = 0; u < MAX_UNITS; u++) free(ix->found[u].m);
    free(ix->found), free(ix->usim);
    cache_free(&ix->cache);
    mcache_free(ix->mcache);
    ix->acc = NULL, ix->qb = NULL, ix->cands = NULL, ix->best = NULL, ix->listed = NULL, ix->vseen = NULL;
    ix->keys = (U32s){0}, ix->vids = (U32s){0}, ix->found = NULL, ix->usim = NULL, ix->usim_cap = 0;
    ix->mcache = NULL;
}

static int scratch(IndexObject *ix) {
    if (ix->acc) return 0;
    size_t n = (size_t)(ix->n ? ix->n : 1);
    ix->acc = big_alloc(n * sizeof(Acc), 1);
    ix->qb = malloc(sizeof(NameBuf));
    ix->cands = malloc(sizeof(Cand) * CANDIDATES);
    ix->best = malloc(sizeof(Best) * CANDIDATES);
    ix->listed = malloc(sizeof(Listed));
    ix->found = calloc(MAX_UNITS, sizeof(Matches));
    ix->mcache = mcache_new();
    ix->vseen = big_alloc((size_t)(ix->nv ? ix->nv : 1) * sizeof(uint32_t), 1);
    ix->cur = ix->vseen_cur = 0;
    if (!ix->acc || !ix->qb || !ix->cands || !ix->best || !ix->listed || !ix->found || !ix->mcache || !ix->vseen ||
        cache_init(&ix->cache, ix->nv) < 0) {
        scratch_free(ix);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void next_stamp(IndexObject *ix) {
    if (++ix->cur == 0) {
        for (Py_ssize_t i = 0; i < ix->n; i++) ix->acc[i].stamp = 0;
        ix->cur = 1;
    }
}

#define ACRONYM_SIM 0.9 /* score._ACRONYM_SIM */

/* index._candidates: the names that collected the most query weight, at most CANDIDATES; returns count */
static Py_ssize_t candidates(IndexObject *ix, Query *qr, Cand *out) {
    const Name *q = &qr->q->name;
    int nunits = 0, unit_qu[2 * MAX_WORDS];
    const Word *unit_w[2 * MAX_WORDS];
    double unit_wt[2 * MAX_WORDS];
    for (int i = 0; i < q->n; i++)
        if (q->words[i].kind == K_NAME || q->words[i].kind == K_NUMBER)
            unit_qu[nunits] = i, unit_w[nunits] = &q->words[i], unit_wt[nunits++] = q->weight[i];
    for (int k = 0; k < q->ncomp; k++)
        unit_qu[nunits] = q->n + k, unit_w[nunits] = &q->comps[k], unit_wt[nunits++] = qr->compw[k];
    Matches *found = ix->found;
    U32s *vids = &ix->vids;
    Py_ssize_t result = -1, nout = 0;
    int64_t cap = (int64_t)((double)(ix->nlisted > 1 ? ix->nlisted : 1) * COMMON_SHARE);
    if (cap < 50) cap = 50;
    int rare = 0;
    for (int u = 0; u < nunits; u++) {
        if (matches(ix, unit_qu[u], unit_w[u], &found[u], &ix->keys, &ix->vids) < 0) goto oom;
        for (size_t k = 0; k < found[u].n && !rare; k++) {
            int32_t v = found[u].m[k].v;
            if (ix->post_off[v + 1] - ix->post_off[v] <= cap) rare = 1;
        }
    }
    next_stamp(ix);
    uint32_t cur = ix->cur;
    int any_span = 0;
    vids->n = 0; /* reused: the names collected */
    for (int pass = 0; pass < 2; pass++) { /* spans first, then common words (they bring no new name) */
        for (int u = 0; u < nunits; u++) {
            double w = unit_wt[u];
            for (size_t k = 0; k < found[u].n; k++) {
                int32_t v = found[u].m[k].v;
                int64_t a = ix->post_off[v], b = ix->post_off[v + 1];
                int common = rare && b - a > cap;
                if (common != pass) continue;
                double coef = found[u].m[k].s * w;
                if (!pass) {
                    any_span = 1;
                    for (int64_t p = a; p < b; p++) {
                        Acc *x = &ix->acc[ix->post_nid[p]];
                        if (x->stamp != cur) {
                            x->stamp = cur, x->acc = 0.0, x->cacc = 0.0;
                            if (push_u32(vids, (uint32_t)ix->post_nid[p]) < 0) goto oom;
                        }
                        x->acc += coef;
                    }
                } else {
                    for (int64_t p = a; p < b; p++) {
                        Acc *x = &ix->acc[ix->post_nid[p]];
                        if (x->stamp == cur) x->cacc += coef;
                    }
                }
            }
        }
        if (pass) continue;
        for (int i = 0; i < q->n; i++) { /* a query acronym: the organisations' names it may abbreviate */
            const Word *t = &q->words[i];
            if (!acronym_word(t)) continue;
            char buf[9];
            buf[0] = 'A';
            memcpy(buf + 1, t->text.p, (size_t)t->text.n);
            uint32_t h = crc32_bytes(0, buf, (size_t)t->text.n + 1);
            Py_ssize_t lo = 0, hi = ix->nacr;
            while (lo < hi) {
                Py_ssize_t mid = (lo + hi) / 2;
                if (ix->acr_hash[mid] < h) lo = mid + 1;
                else hi = mid;
            }
            if (lo >= ix->nacr || ix->acr_hash[lo] != h) continue;
            double coef = ACRONYM_SIM * q->weight[i];
            any_span = 1;
            for (int64_t p = ix->acr_off[lo]; p < ix->acr_off[lo + 1]; p++) {
                int32_t nid = ix->acr_nid[p];
                Acc *x = &ix->acc[nid];
                if (x->stamp != cur) {
                    x->stamp = cur, x->acc = 0.0, x->cacc = 0.0;
                    if (push_u32(vids, (uint32_t)nid) < 0) goto oom;
                }
                x->acc += coef;
            }
        }
    }
    result = 0;
    if (!any_span) goto done;
    double floor_w = 0;
    for (int i = 0; i < q->n; i++)
        if (q->words[i].kind == K_NAME || q->words[i].kind == K_NUMBER) floor_w += q->weight[i];
    floor_w = PRUNE * floor_w;
    /* the best CANDIDATES by (-acc, nid): a heap whose root is the worst kept */
    for (size_t k = 0; k < vids->n; k++) {
        int32_t nid = (int32_t)vids->h[k];
        Cand c = {nid, ix->acc[nid].acc + ix->acc[nid].cacc};
        if (!(c.acc >= floor_w)) continue;
        if (nout < CANDIDATES) {
            Py_ssize_t i = nout++;
            out[i] = c;
            while (i > 0) { /* sift up: the worst at the root */
                Py_ssize_t p = (i - 1) / 2;
                if (!cand_worse(&out[i], &out[p])) break;
                Cand t = out[i];
                out[i] = out[p], out[p] = t, i = p;
            }
        } else if (cand_worse(&out[0], &c)) {
            out[0] = c;
            Py_ssize_t i = 0;
            for (;;) {
                Py_ssize_t l = 2 * i + 1, r = l + 1, m = i;
                if (l < nout && cand_worse(&out[l], &out[m])) m = l;
                if (r < nout && cand_worse(&out[r], &out[m])) m = r;
                if (m == i) break;
                Cand t = out[i];
                out[i] = out[m], out[m] = t, i = m;
            }
        }
    }
    for (Py_ssize_t end = nout - 1; end > 0; end--) { /* heapsort: the worst to the end, best first */
        Cand t = out[0];
        out[0] = out[end], out[end] = t;
        Py_ssize_t i = 0;
        for (;;) {
            Py_ssize_t l = 2 * i + 1, r = l + 1, m = i;
            if (l < end && cand_worse(&out[l], &out[m])) m = l;
            if (r < end && cand_worse(&out[r], &out[m])) m = r;
            if (m == i) break;
            t = out[i];
            out[i] = out[m], out[m] = t, i = m;
        }
    }
    result = nout;
    goto done;
oom:
    PyErr_NoMemory();
    result = -1;
done:
    return result;
}

/* ------------------------------------------------------------------ scoring a listed name */





/* score.c's unit_sims and unit_maxima for a listed name L (its words may hold their kind only): the
 * same pairs and values, listed unit by listed unit on the unit's row of the similarity cache. A
 * listed word is built only where token_sim_may cannot settle a pair (once for its unit). m NULL:
 * the maxima alone (index_unit_maxima). */
static inline __attribute__((always_inline)) int unit_pass(IndexObject *ix, const Name *q, Listed *L, USim *m,
                                                           double *mq, double *mc) {
    const Name *c = &L->name;
    int nqu = q->n + q->ncomp, ncu = c->n + c->ncomp;
    for (int i = 0; i < q->n; i++) mq[i] = -1.0;
    for (int j = 0; j < c->n; j++) mc[j] = -1.0;
    if (cache_reserve(&ix->cache, (size_t)ncu) < 0) return -1; /* the rows below stay in place */
    const USim none = {-1.0, R_DISTINCT};
    if (m)
        for (int k = 0; k < nqu * ncu; k++) m[k] = none;
    USim one;
    for (int cu = 0; cu < ncu; cu++) {
        int cc = cu >= c->n;
        const Word *ct = cc ? &c->comps[cu - c->n] : &c->words[cu];
        int32_t v = L->cvid[cu];
        Row row = cache_row(&ix->cache, v, 0); /* made at the first pair not known */
        const Word *vw = L->cw[cu];
        Word tmp;
        const uint8_t *list = ix->cmplist[cc][ct->kind];
        int nlist = ix->ncmp[cc][ct->kind];
        for (int k = 0; k < nlist; k++) { /* the query units align compares with ct */
            int qu = list[k];
            USim *x = m ? &m[qu * ncu + cu] : &one;
            int qc = qu >= q->n, compound = qc || cc;
            const Word *qt = ix->qunit[qu];
            if (row.s && row_known(row, 2 * qu)) {
                x->s = row.s[2 * qu].s, x->rule = row.s[2 * qu].rule;
            } else if (row.s && compound && row_known(row, 2 * qu + 1)) {
                x->s = row.s[2 * qu + 1].s, x->rule = row.s[2 * qu + 1].rule;
            } else {
                double need = compound ? NEED_COMPOUND : MIN_SIM;
                const WordShape *vs = vw ? &vw->sh : &ix->vrec[v].sh;
                if (!(compound ? shape_may(&qt->sh, vs, NEED_COMPOUND) : shape_may(&qt->sh, vs, MIN_SIM))) {
                    /* token_sim_may settled it: under need */
                    x->s = 0.0, x->rule = R_FUZZY;
                } else {
                    if (!vw) {
                        vocab_word(ix, v, &tmp);
                        vw = &tmp;
                    }
                    x->s = token_sim_rules(qt, vw, &x->rule, need);
                }
                if (!row.s) row = cache_row(&ix->cache, v, 1); /* reserved above: it fits */
                row_set(row, 2 * qu + compound, x->s, x->rule);
            }
            unit_maximum(q, c, qu, cu, x, mq, mc);
        }
    }
    return 0;
}

TARGET_POPCNT static int index_unit_sims(IndexObject *ix, const Name *q, Listed *L, USim *m, double *mq, double *mc) {
    return unit_pass(ix, q, L, m, mq, mc);
}

/* index_unit_sims' maxima without its matrix: what bound_of_maxima reads, for a candidate the bound
 * may prune before score_sims needs the matrix. It asks the same pairs in the same order, so the
 * cache ends as index_unit_sims leaves it, and index_unit_sims called next on the same name finds
 * every pair known and fills the matrix with the values this call saw: a pair's value is the cache's
 * MIN_SIM slot when known, else (a compound pair) its NEED_COMPOUND slot, and a MIN_SIM slot a later
 * unit of the name could add (a listed word meeting a query word) precedes the name's compounds. */
TARGET_POPCNT static int index_unit_maxima(IndexObject *ix, const Name *q, Listed *L, double *mq, double *mc) {
    return unit_pass(ix, q, L, NULL, mq, mc);
}

/* for the scoring of a query's candidates: ix->cmplist (cmplist[cc][kind]: the query units qu align
 * compares with a listed unit of that kind, cc: a compound, as units_compared tells; never two
 * compounds), ix->qunit (the query's units) and ix->qacr (acronym_word of each query word, for
 * bound_of_maxima) */
static void query_units(IndexObject *ix, const Name *q) {
    static unsigned char met[K_COUNT][2]; /* bit k of met[kind][compound]: units_compared with kind k */
    static int ready = 0;
    if (!ready) {
        Word a, b;
        for (int x = 0; x < K_COUNT; x++)
            for (int y = 0; y < K_COUNT; y++)
                for (int cp = 0; cp < 2; cp++) {
                    a.kind = x, b.kind = y;
                    if (units_compared(&a, &b, cp)) met[x][cp] |= (unsigned char)(1u << y);
                }
        ready = 1;
    }
    _Static_assert(K_COUNT <= 8, "kinds fit a byte");
    _Static_assert(MAX_UNITS <= 255, "a unit and a count fit a byte");
    memset(ix->ncmp, 0, sizeof ix->ncmp);
    int nqu = q->n + q->ncomp;
    for (int qu = 0; qu < nqu && qu < MAX_UNITS; qu++) { /* ascending: each list in unit order */
        int qc = qu >= q->n;
        const Word *qt = qc ? &q->comps[qu - q->n] : &q->words[qu];
        ix->qunit[qu] = qt;
        for (int cc = 0; cc < 2 - qc; cc++)
            for (unsigned k = met[qt->kind][qc || cc]; k; k &= k - 1) {
                int kind = __builtin_ctz(k);
                ix->cmplist[cc][kind][ix->ncmp[cc][kind]++] = (uint8_t)qu;
            }
    }
    ix->qacr_any = 0;
    for (int i = 0; i < q->n; i++) ix->qacr_any |= ix->qacr[i] = (unsigned char)acronym_word(&q->words[i]);
}

/* fetch ahead what listed_name and the search read of a name: stage 0 its offsets, type and group,
 * stage 1 (offsets there by then) its word ids and its words' VInfo and similarity cache generation
 * (listed_name then fetches the records of the words the cache holds no row for) */
static inline void prefetch_name(const IndexObject *ix, int32_t nid, int stage) {
    if (!stage) {
        PREFETCH(&ix->name_off[nid]), PREFETCH(&ix->comp_off[nid]), PREFETCH(&ix->rel_off[nid]);
        PREFETCH(&ix->text_off[nid]), PREFETCH(&ix->types[nid]), PREFETCH(&ix->groups[nid]);
        return;
    }
    int64_t a = ix->name_off[nid], b = ix->name_off[nid + 1], ca = ix->comp_off[nid], cb = ix->comp_off[nid + 1];
    for (int64_t i = a; i < b && i < a + 16; i++) {
        int32_t v = ix->name_vid[i];
        PREFETCH(&ix->vinfo[v]), PREFETCH(&ix->cache.gen[v]);
    }
    for (int64_t k = ca; k < cb && k < ca + 16; k++) {
        int32_t v = ix->comp[k * 3];
        PREFETCH(&ix->vinfo[v]), PREFETCH(&ix->cache.gen[v]);
    }
}

/* A listed name as the scorer reads it. full 0: its words hold their kind only (what unit_sims and
 * score_bound read; index_sim then builds a word only where token_sim_may cannot settle a pair).
 * Returns 1, or 0 when the name is too long for the engine (Python scores it). */
static int listed_name(IndexObject *ix, int32_t nid, Listed *L, int full) {
    int64_t a = ix->name_off[nid], b = ix->name_off[nid + 1];
    int64_t ca = ix->comp_off[nid], cb = ix->comp_off[nid + 1];
    if (b - a > MAX_WORDS || cb - ca > MAX_WORDS) return 0;
    int n = (int)(b - a), nc = (int)(cb - ca);
    for (int i = 0; i < n; i++) {
        int32_t v = ix->name_vid[a + i];
        const VInfo *vi = &ix->vinfo[v];
        if (!full && ix->cache.gen[v] != ix->cache.cur) PREFETCH_VREC(ix, v);
        if (full) {
            vocab_word(ix, v, &L->words[i]);
        } else {
            L->words[i].kind = vi->kind;
        }
        L->weight[i] = vi->weight;
        L->ini[i] = vi->ini;
        L->cvid[i] = v;
        L->cw[i] = full ? &L->words[i] : NULL;
    }
    for (int k = 0; k < nc; k++) {
        const int32_t *t = &ix->comp[(ca + k) * 3];
        if (!full && ix->cache.gen[t[0]] != ix->cache.cur) PREFETCH_VREC(ix, t[0]);
        if (full) {
            vocab_word(ix, t[0], &L->comps[k]);
        } else {
            L->comps[k].kind = ix->vinfo[t[0]].kind;
        }
        L->ci[k] = t[1], L->cj[k] = t[2];
        L->cvid[n + k] = t[0];
        L->cw[n + k] = full ? &L->comps[k] : NULL;
    }
    int64_t ra = ix->rel_off[nid], rb = ix->rel_off[nid + 1];
    Name *c = &L->name;
    c->n = n, c->words = L->words, c->weight = L->weight;
    c->ncomp = nc, c->comps = L->comps, c->ci = L->ci, c->cj = L->cj;
    c->nrel = (int)(rb - ra);
    c->rel_j = ix->rel_j + ra;
    c->rel_run = ix->rel_run + ra;
    c->runs = ix->runs;
    c->typed_org = ix->types[nid] == TYPE_ORGANIZATION;
    return 1;
}

static int equal_text(IndexObject *ix, int32_t nid, const Query *qr) {
    int64_t a = ix->text_off[nid], b = ix->text_off[nid + 1];
    return b - a == qr->norm_n && memcmp(ix->texts + a, qr->norm, (size_t)qr->norm_n) == 0;
}

/* ------------------------------------------------------------------ Python methods */

/* (qwords, qcomps, qnorm, *rest): the query with this index's weights */
static int query_from_args(IndexObject *ix, PyObject *args, Query *qr, PyObject **rest, int nrest) {
    PyObject *qwords, *qcomps, *qrels, *norm;
    PyObject *objs[4] = {NULL, NULL, NULL, NULL};
    if (nrest > 4) return -1;
    if (!PyArg_UnpackTuple(args, "search", 4 + nrest, 4 + nrest, &qwords, &qcomps, &qrels, &norm, &objs[0], &objs[1],
                           &objs[2], &objs[3]))
        return -1;
    for (int i = 0; i < nrest; i++) rest[i] = objs[i];
    if (!PyUnicode_Check(norm)) {
        PyErr_SetString(PyExc_TypeError, "qnorm must be a str");
        return -1;
    }
    if (name_from_python(qwords, NULL, qcomps, qrels, qr->q) < 0) return -1;
    NameBuf *b = qr->q;
    for (int i = 0; i < b->name.n; i++) b->weight[i] = query_weight(ix, &b->words[i]);
    for (int k = 0; k < b->name.ncomp; k++) qr->compw[k] = query_weight(ix, &b->comps[k]);
    qr->norm = PyUnicode_AsUTF8AndSize(norm, &qr->norm_n);
    return qr->norm ? 0 : -1;
}

/* candidates(qwords, qcomps, qrels, qnorm) -> [name id, ...] */
static PyObject *index_candidates(IndexObject *ix, PyObject *args) {
    Query qr;
    PyObject *out = NULL;
    if (scratch(ix) < 0) return NULL;
    Cand *cands = ix->cands;
    qr.q = ix->qb;
    if (query_from_args(ix, args, &qr, NULL, 0) < 0) goto done;
    cache_reset(&ix->cache, ix->nv, qr.q->name.n + qr.q->name.ncomp);
    Py_ssize_t nc = candidates(ix, &qr, cands);
    if (nc < 0) goto done;
    out = PyList_New(nc);
    for (Py_ssize_t k = 0; out && k < nc; k++) PyList_SET_ITEM(out, k, PyLong_FromLong(cands[k].nid));
done:
    return out;
}



/* reference.alternate_met: a one-word alternate (a listed name's parentheses) counts only when met exactly */
static int alternate_met(const Name *c, const Pair *pairs, int np) {
    int named = -1, nnamed = 0;
    for (int j = 0; j < c->n; j++)
        if (!IS_LOW(c->words[j].kind)) named = j, nnamed++;
    if (nnamed != 1) return 1;
    for (int k = 0; k < np; k++)
        if (pairs[k].s >= 0.97 && (pairs[k].ci == named || pairs[k].cj == named)) return 1;
    return 0;
}

static int best_cmp(const void *x, const void *y) { /* (-score, group) */
    const Best *a = x, *b = y;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->group < b->group ? -1 : a->group > b->group;
}

/* how search and search_many search: the hits at most, the threshold, the entity types, the groups */
typedef struct {
    long limit;
    double threshold;
    unsigned long typemask;
    PyObject *groups; /* a set, or None: every group */
} Ask;

static int ask_from(PyObject *const *rest, Ask *a) {
    a->limit = PyLong_AsLong(rest[0]);
    a->threshold = PyFloat_AsDouble(rest[1]);
    a->typemask = PyLong_AsUnsignedLong(rest[2]);
    a->groups = rest[3];
    if (PyErr_Occurred()) return -1;
    if (a->groups != Py_None && !PyAnySet_Check(a->groups)) {
        PyErr_SetString(PyExc_TypeError, "groups must be a set or None");
        return -1;
    }
    return 0;
}

/* one query, its arguments read into qr: a new reference to ([(group, name id, score, explanation)],
 * [name id scored by Python: too long for the engine]), or to None when both are empty (most queries
 * of a batch, on most lists); NULL with an exception set */
static PyObject *search_query(IndexObject *ix, Query *qr, const Ask *a) {
    PyObject *out = NULL, *longer = NULL;
    Cand *cands = ix->cands;
    Best *best = ix->best;
    Listed *L = ix->listed;
    long limit = a->limit;
    double threshold = a->threshold;
    unsigned long typemask = a->typemask;
    PyObject *groups = a->groups;
    double t = (threshold - 0.1) / 100; /* score_bound's base: under it, a score is under threshold */
    longer = PyList_New(0);
    if (!longer) goto done;
    cache_reset(&ix->cache, ix->nv, qr->q->name.n + qr->q->name.ncomp);
    const Name *q = &qr->q->name;
    Py_ssize_t nc = q->n && limit > 0 ? candidates(ix, qr, cands) : 0;
    if (nc < 0) goto done;
    if (nc) query_units(ix, q);
    int nbest = 0;
    for (Py_ssize_t k = 0; k < nc && k < 4; k++) prefetch_name(ix, cands[k].nid, 0);
    for (Py_ssize_t k = 0; k < nc && k < 2; k++) prefetch_name(ix, cands[k].nid, 1);
    for (Py_ssize_t k = 0; k < nc; k++) {
        int32_t nid = cands[k].nid;
        if (k + 4 < nc) prefetch_name(ix, cands[k + 4].nid, 0); /* the arrays are far larger than the caches */
        if (k + 2 < nc) prefetch_name(ix, cands[k + 2].nid, 1);
        if (!((typemask >> ix->types[nid]) & 1)) continue;
        int64_t g = ix->groups[nid];
        if (groups != Py_None) {
            PyObject *go = PyLong_FromLongLong(g);
            int in = go ? PySet_Contains(groups, go) : -1;
            Py_XDECREF(go);
            if (in < 0) goto done;
            if (!in) continue;
        }
        if (!listed_name(ix, nid, L, 0)) {
            PyObject *x = PyLong_FromLong(nid);
            if (!x || PyList_Append(longer, x) < 0) {
                Py_XDECREF(x);
                goto done;
            }
            Py_DECREF(x);
            continue;
        }
        Pair pairs[MAX_UNITS];
        int np;
        double s;
        if (equal_text(ix, nid, qr)) {
            listed_name(ix, nid, L, 1);
            s = score_sims(q, &L->name, NULL, 1, pairs, &np);
        } else {
            size_t nm = (size_t)(q->n + q->ncomp) * (size_t)(L->name.n + L->name.ncomp);
            if (nm > ix->usim_cap) {
                USim *m = realloc(ix->usim, nm * sizeof(USim));
                if (!m) {
                    PyErr_NoMemory();
                    goto done;
                }
                ix->usim = m, ix->usim_cap = nm;
            }
            double mq[MAX_WORDS], mc[MAX_WORDS];
            /* a candidate the bound proves under the threshold is not scored (score.c: score_bound);
             * most are, so their maxima come first and the matrix only for the others */
            if (t > 0) {
                if (index_unit_maxima(ix, q, L, mq, mc) < 0) {
                    PyErr_NoMemory();
                    goto done;
                }
                if (bound_of_maxima(q, &L->name, mq, mc, L->ini, ix->qacr_any ? ix->qacr : NO_ACRONYM, t) < -1e-9) continue;
            }
            if (index_unit_sims(ix, q, L, ix->usim, mq, mc) < 0) {
                PyErr_NoMemory();
                goto done;
            }
            listed_name(ix, nid, L, 1);
            s = score_sims(q, &L->name, ix->usim, 0, pairs, &np);
        }
        if (s < threshold || (nid >= ix->nlisted && !alternate_met(&L->name, pairs, np))) continue;
        int at = -1;
        for (int b = 0; b < nbest; b++)
            if (best[b].group == g) {
                at = b;
                break;
            }
        if (at >= 0 && !(s > best[at].score || (s == best[at].score && nid < best[at].nid))) continue;
        if (at < 0) at = nbest++;
        best[at].group = g, best[at].nid = nid, best[at].score = s, best[at].np = np;
        memcpy(best[at].pairs, pairs, sizeof(Pair) * (size_t)np);
    }
    qsort(best, (size_t)nbest, sizeof(Best), best_cmp);
    if (nbest > limit) nbest = (int)limit;
    if (!nbest && !PyList_GET_SIZE(longer)) {
        out = Py_NewRef(Py_None);
        goto done;
    }
    PyObject *hits = PyList_New(nbest);
    if (!hits) goto done;
    for (int b = 0; b < nbest; b++) {
        listed_name(ix, best[b].nid, L, 1); /* fits: it was scored */
        if (explain_names(q, &L->name, best[b].score, best[b].pairs, best[b].np, &ix->text) < 0) {
            Py_DECREF(hits);
            PyErr_NoMemory();
            goto done;
        }
        PyObject *t = Py_BuildValue("(Lids#)", (long long)best[b].group, best[b].nid, best[b].score, ix->text.buf,
                                    (Py_ssize_t)ix->text.len);
        if (!t) {
            Py_DECREF(hits);
            goto done;
        }
        PyList_SET_ITEM(hits, b, t);
    }
    out = PyTuple_Pack(2, hits, longer);
    Py_DECREF(hits);
done:
    Py_XDECREF(longer);
    return out;
}

/* search(qwords, qcomps, qrels, qnorm, limit, threshold, typemask, groups) -> search_query's result */
static PyObject *index_search(IndexObject *ix, PyObject *args) {
    Query qr;
    PyObject *rest[4];
    Ask a;
    if (scratch(ix) < 0) return NULL;
    qr.q = ix->qb;
    if (query_from_args(ix, args, &qr, rest, 4) < 0 || ask_from(rest, &a) < 0) return NULL;
    return search_query(ix, &qr, &a);
}

/* search_many([(qwords, qcomps, qrels, qnorm), ...], limit, threshold, typemask, groups)
 *   -> [search_query's result for each query]: one call for a batch's queries */
static PyObject *index_search_many(IndexObject *ix, PyObject *args) {
    PyObject *queries, *rest[4];
    Ask a;
    if (!PyArg_UnpackTuple(args, "search_many", 5, 5, &queries, &rest[0], &rest[1], &rest[2], &rest[3])) return NULL;
    if (!PyList_Check(queries)) {
        PyErr_SetString(PyExc_TypeError, "queries must be a list");
        return NULL;
    }
    if (ask_from(rest, &a) < 0 || scratch(ix) < 0) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(queries);
    PyObject *out = PyList_New(n);
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(queries, i), *r;
        Query qr;
        qr.q = ix->qb;
        if (!PyTuple_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "a query must be a tuple (qwords, qcomps, qrels, qnorm)");
            r = NULL;
        } else {
            r = query_from_args(ix, item, &qr, NULL, 0) < 0 ? NULL : search_query(ix, &qr, &a);
        }
        if (!r) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, r);
    }
    return out;
}

/* bounds(qwords, qcomps, qnorm, threshold) -> [(name id, pruned, score)] for every candidate the
 * engine can score: pruned, whether search leaves it unscored at that threshold (score_bound), and
 * its exact score (computed anyway). For the tests: a pruned candidate must score under threshold. */
static PyObject *index_bounds(IndexObject *ix, PyObject *args) {
    Query qr;
    PyObject *rest[4] = {NULL}, *out = NULL;
    if (scratch(ix) < 0) return NULL;
    qr.q = ix->qb;
    if (query_from_args(ix, args, &qr, rest, 1) < 0) return NULL;
    double threshold = PyFloat_AsDouble(rest[0]), t = (threshold - 0.1) / 100;
    if (PyErr_Occurred()) return NULL;
    cache_reset(&ix->cache, ix->nv, qr.q->name.n + qr.q->name.ncomp);
    const Name *q = &qr.q->name;
    Py_ssize_t nc = q->n ? candidates(ix, &qr, ix->cands) : 0;
    if (nc < 0 || !(out = PyList_New(0))) return NULL;
    if (nc) query_units(ix, q);
    Listed *L = ix->listed;
    for (Py_ssize_t k = 0; k < nc; k++) {
        int32_t nid = ix->cands[k].nid;
        if (!listed_name(ix, nid, L, 0)) continue;
        Pair pairs[MAX_UNITS];
        int np, pruned = 0;
        double s;
        if (equal_text(ix, nid, &qr)) {
            listed_name(ix, nid, L, 1);
            s = score_sims(q, &L->name, NULL, 1, pairs, &np);
        } else {
            size_t nm = (size_t)(q->n + q->ncomp) * (size_t)(L->name.n + L->name.ncomp);
            double mq[MAX_WORDS], mc[MAX_WORDS];
            USim *m = malloc(nm * sizeof(USim));
            /* as search: the maxima first, then the matrix from the pairs they left in the cache */
            if (!m || index_unit_maxima(ix, q, L, mq, mc) < 0) {
                free(m);
                Py_DECREF(out);
                return PyErr_NoMemory();
            }
            pruned = t > 0 && bound_of_maxima(q, &L->name, mq, mc, L->ini, ix->qacr_any ? ix->qacr : NO_ACRONYM, t) < -1e-9;
            if (index_unit_sims(ix, q, L, m, mq, mc) < 0) {
                free(m);
                Py_DECREF(out);
                return PyErr_NoMemory();
            }
            listed_name(ix, nid, L, 1);
            s = score_sims(q, &L->name, m, 0, pairs, &np);
            free(m);
        }
        PyObject *row = Py_BuildValue("(iNd)", nid, PyBool_FromLong(pruned), s);
        if (!row || PyList_Append(out, row) < 0) {
            Py_XDECREF(row);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(row);
    }
    return out;
}

/* matches(word, unit=0) -> [(word id, similarity)] */
static PyObject *index_matches(IndexObject *ix, PyObject *args) {
    PyObject *w;
    if (!PyArg_ParseTuple(args, "O!", &WordType, &w) || scratch(ix) < 0) return NULL;
    cache_reset(&ix->cache, ix->nv, 1);
    Matches m = {0};
    U32s keys = {0}, vids = {0};
    PyObject *out = NULL;
    if (matches(ix, 0, &((WordObject *)w)->w, &m, &keys, &vids) < 0) {
        PyErr_NoMemory();
    } else if ((out = PyList_New((Py_ssize_t)m.n))) {
        for (size_t k = 0; k < m.n; k++) PyList_SET_ITEM(out, (Py_ssize_t)k, Py_BuildValue("(id)", m.m[k].v, m.m[k].s));
    }
    free(m.m), free(keys.h), free(vids.h);
    return out;
}

/* weight(word) -> the word's weight in this index (as a query word) */
static PyObject *index_weight(IndexObject *ix, PyObject *args) {
    PyObject *w;
    if (!PyArg_ParseTuple(args, "O!", &WordType, &w)) return NULL;
    return PyFloat_FromDouble(query_weight(ix, &((WordObject *)w)->w));
}

static PyMethodDef index_methods[] = {
    {"weight", (PyCFunction)index_weight, METH_VARARGS, "a query word's weight in this index"},
    {"search", (PyCFunction)index_search, METH_VARARGS, "search a query (see watchlist.index.NameIndex.search)"},
    {"search_many", (PyCFunction)index_search_many, METH_VARARGS, "search each of a list of queries"},
    {"candidates", (PyCFunction)index_candidates, METH_VARARGS, "the candidate name ids of a query"},
    {"matches", (PyCFunction)index_matches, METH_VARARGS, "vocabulary words a word's keys reach, similarity >= MIN_SIM"},
    {"bounds", (PyCFunction)index_bounds, METH_VARARGS, "[(name id, pruned by the score bound, exact score)] of a query's candidates (tests)"},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ construction */

static void index_dealloc(IndexObject *ix) {
    for (int i = 0; i < B_COUNT; i++)
        if (ix->b[i].held) PyBuffer_Release(&ix->b[i].view);
    scratch_free(ix);
    free(ix->kdir), free(ix->vrec), free(ix->vinfo), free(ix->kbloom);
    free(ix->dfk), free(ix->dfn), free(ix->dfv);
    Py_XDECREF(ix->df_keys);

    free(ix->text.buf);
    Py_TYPE(ix)->tp_free((PyObject *)ix);
}

#define LEN(i) (ix->b[i].view.len / buf_spec[i].itemsize)

/* Index(state: dict of the arrays named in buf_spec, plus "n") */
/* *out = the count state[key]; -1 (an exception set) when it is missing or no integer */
static int state_count(PyObject *state, const char *key, Py_ssize_t *out) {
    PyObject *o = PyDict_GetItemString(state, key);
    if (!o) {
        PyErr_Format(PyExc_KeyError, "index state has no %s", key);
        return -1;
    }
    *out = PyLong_AsSsize_t(o);
    return *out < 0 && PyErr_Occurred() ? -1 : 0;
}

static int index_init(IndexObject *ix, PyObject *args, PyObject *kw) {
    (void)kw;
    PyObject *state;
    if (!PyArg_ParseTuple(args, "O!", &PyDict_Type, &state)) return -1;
    for (int i = 0; i < B_COUNT; i++) {
        PyObject *o = PyDict_GetItemString(state, buf_spec[i].name);
        if (!o) {
            PyErr_Format(PyExc_KeyError, "index state has no %s", buf_spec[i].name);
            return -1;
        }
        if (PyObject_GetBuffer(o, &ix->b[i].view, PyBUF_C_CONTIGUOUS) < 0) return -1;
        ix->b[i].held = 1;
        if (ix->b[i].view.itemsize != buf_spec[i].itemsize) {
            PyErr_Format(PyExc_ValueError, "index array %s: items of %zd bytes, expected %zd", buf_spec[i].name,
                         ix->b[i].view.itemsize, buf_spec[i].itemsize);
            return -1;
        }
    }
    if (state_count(state, "n", &ix->n) < 0 || state_count(state, "listed", &ix->nlisted) < 0) return -1;
    if (ix->nlisted > ix->n) {
        PyErr_SetString(PyExc_ValueError, "index arrays do not fit together");
        return -1;
    }
    ix->nv = LEN(B_V_KIND);
    ix->nkeys = LEN(B_KEY_HASH);
#define P(i) (ix->b[i].view.buf)
    ix->v_kind = P(B_V_KIND), ix->v_flags = P(B_V_FLAGS), ix->types = P(B_TYPES);
    ix->v_weight = P(B_V_WEIGHT), ix->alt_sim = P(B_ALT_SIM);
    ix->v_str = P(B_V_STR), ix->alt_blob = P(B_ALT_BLOB), ix->texts = P(B_TEXTS);
    ix->v_str_off = P(B_V_STR_OFF), ix->alt_off = P(B_ALT_OFF), ix->key_hash = P(B_KEY_HASH);
    ix->var_off = P(B_VAR_OFF), ix->name_off = P(B_NAME_OFF), ix->comp_off = P(B_COMP_OFF);
    ix->groups = P(B_GROUPS), ix->text_off = P(B_TEXT_OFF), ix->rel_off = P(B_REL_OFF);
    ix->post_off = P(B_POST_OFF), ix->key_off = P(B_KEY_OFF);
    ix->var_ids = P(B_VAR_IDS), ix->alt_start = P(B_ALT_START), ix->name_vid = P(B_NAME_VID);
    ix->comp = P(B_COMP), ix->rel_j = P(B_REL_J), ix->rel_run = P(B_REL_RUN), ix->runs = P(B_RUNS);
    ix->post_nid = P(B_POST_NID), ix->key_vid = P(B_KEY_VID);
    ix->acr_hash = P(B_ACR_HASH), ix->acr_off = P(B_ACR_OFF), ix->acr_nid = P(B_ACR_NID);
#undef P
    /* shapes: every offset array one longer than what it indexes, every id in range */
    Py_ssize_t nv = ix->nv, n = ix->n;
    int ok = LEN(B_V_FLAGS) == nv && LEN(B_V_WEIGHT) == nv && LEN(B_V_STR_OFF) == nv * NFIELDS + 1 &&
             LEN(B_VAR_OFF) == nv + 1 && LEN(B_ALT_START) == nv + 1 && LEN(B_POST_OFF) == nv + 1 &&
             LEN(B_NAME_OFF) == n + 1 && LEN(B_COMP_OFF) == n + 1 && LEN(B_GROUPS) == n && LEN(B_TYPES) == n &&
             LEN(B_TEXT_OFF) == n + 1 && LEN(B_REL_OFF) == n + 1 && LEN(B_KEY_OFF) == ix->nkeys + 1 &&
             LEN(B_REL_RUN) == LEN(B_REL_J) + 1 && LEN(B_ALT_OFF) == LEN(B_ALT_SIM) + 1 && LEN(B_COMP) % 3 == 0;
    ok = ok && (Py_ssize_t)ix->v_str_off[nv * NFIELDS] <= LEN(B_V_STR) && ix->var_off[nv] <= LEN(B_VAR_IDS) &&
         ix->alt_start[nv] <= LEN(B_ALT_SIM) && (Py_ssize_t)ix->alt_off[LEN(B_ALT_SIM)] <= LEN(B_ALT_BLOB) &&
         ix->post_off[nv] <= LEN(B_POST_NID) && ix->name_off[n] <= LEN(B_NAME_VID) &&
         ix->comp_off[n] * 3 <= LEN(B_COMP) && ix->text_off[n] <= LEN(B_TEXTS) && ix->rel_off[n] <= LEN(B_REL_J) &&
         ix->key_off[ix->nkeys] <= LEN(B_KEY_VID) && ix->rel_run[LEN(B_REL_J)] <= LEN(B_RUNS) &&
         LEN(B_ACR_OFF) == LEN(B_ACR_HASH) + 1 && ix->acr_off[LEN(B_ACR_HASH)] <= LEN(B_ACR_NID);
    ix->nacr = LEN(B_ACR_HASH);
    for (Py_ssize_t i = 0; ok && i < LEN(B_ACR_NID); i++) ok = ix->acr_nid[i] >= 0 && ix->acr_nid[i] < n;
    for (Py_ssize_t i = 0; ok && i < ix->nacr; i++) ok = ix->acr_off[i] <= ix->acr_off[i + 1];
    for (Py_ssize_t i = 1; ok && i < ix->nacr; i++) ok = ix->acr_hash[i - 1] < ix->acr_hash[i];
    for (Py_ssize_t i = 0; ok && i < LEN(B_NAME_VID); i++) ok = ix->name_vid[i] >= 0 && ix->name_vid[i] < nv;
    for (Py_ssize_t i = 0; ok && i < LEN(B_KEY_VID); i++) ok = ix->key_vid[i] >= 0 && ix->key_vid[i] < nv;
    for (Py_ssize_t i = 0; ok && i < LEN(B_POST_NID); i++) ok = ix->post_nid[i] >= 0 && ix->post_nid[i] < n;
    for (Py_ssize_t i = 0; ok && i < LEN(B_COMP); i += 3) ok = ix->comp[i] >= 0 && ix->comp[i] < nv;
    for (Py_ssize_t i = 0; ok && i < n; i++) ok = ix->types[i] < 32;
    for (Py_ssize_t i = 1; ok && i < ix->nkeys; i++) ok = ix->key_hash[i - 1] < ix->key_hash[i];
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "index arrays do not fit together");
        return -1;
    }
    for (Py_ssize_t v = 0; ok && v < nv; v++) { /* what a VRec holds must fit it */
        ok = ix->var_off[v + 1] - ix->var_off[v] <= 65535 && ix->alt_start[v + 1] - ix->alt_start[v] <= MAX_ALT &&
             ix->v_kind[v] < K_COUNT && ix->var_off[v] <= ix->var_off[v + 1] && ix->alt_start[v] <= ix->alt_start[v + 1];
        for (int i = 0; ok && i < NFIELDS; i++)
            ok = ix->v_str_off[v * NFIELDS + i + 1] >= ix->v_str_off[v * NFIELDS + i] &&
                 ix->v_str_off[v * NFIELDS + i + 1] - ix->v_str_off[v * NFIELDS + i] <= 65535;
    }
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "index vocabulary does not fit its arrays");
        return -1;
    }
    free(ix->kdir);
    free(ix->vrec);
    free(ix->vinfo);
    ix->kdir = malloc(sizeof(uint32_t) * 65537);
    ix->vrec = big_alloc(sizeof(VRec) * (size_t)(nv ? nv : 1), 0); /* two cache lines a word */
    ix->vinfo = big_alloc(sizeof(VInfo) * (size_t)(nv ? nv : 1), 0);
    if (!ix->kdir || !ix->vrec || !ix->vinfo) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t v = 0; v < nv; v++) {
        VRec *r = &ix->vrec[v];
        const uint32_t *o = &ix->v_str_off[v * NFIELDS];
        r->str = o[0];
        r->var = (uint32_t)ix->var_off[v];
        Word w;
        const char *p = ix->v_str + o[0];
        Str *f[NFIELDS] = {&w.text, &w.latin, &w.skel, &w.loose, &w.core, &w.core_skel, &w.ra, &w.sq};
        for (int i = 0; i < NFIELDS; i++) f[i]->p = p + (o[i] - o[0]), f[i]->n = (int32_t)(o[i + 1] - o[i]);
        w.var = ix->var_ids + ix->var_off[v];
        w.nvar = (int32_t)(ix->var_off[v + 1] - ix->var_off[v]);
        w.nalt = (int32_t)(ix->alt_start[v + 1] - ix->alt_start[v]);
        w.alt_sim = ix->alt_sim + ix->alt_start[v];
        w.kind = ix->v_kind[v];
        w.flags = ix->v_flags[v];
        word_derived(&w);
        r->sh = w.sh;
        r->sh.weight = ix->v_weight[v];
        ix->vinfo[v] = (VInfo){r->sh.weight, r->sh.kind, (char)(r->sh.pre4 & 0xFFu)};
    }
    PyObject *dk = PyDict_GetItemString(state, "df_keys"), *dv = PyDict_GetItemString(state, "df_vals");
    if (!dk || !dv || !PyUnicode_Check(dk)) {
        PyErr_SetString(PyExc_KeyError, "index state has no weight keys");
        return -1;
    }
    free(ix->dfk), free(ix->dfn), free(ix->dfv);
    ix->dfk = NULL, ix->dfn = ix->dfv = NULL, ix->dfcap = 0;
    Py_CLEAR(ix->df_keys);
    Py_buffer dvb;
    if (PyObject_GetBuffer(dv, &dvb, PyBUF_C_CONTIGUOUS) < 0) return -1;
    int dfr = dvb.itemsize == 4 ? df_table(ix, dk, dvb.buf, dvb.len / 4) : -2;
    PyBuffer_Release(&dvb);
    if (dfr == -2) PyErr_SetString(PyExc_ValueError, "index weight counts must be int32");
    if (dfr < 0) return -1;
    {
        double nn = (double)(ix->nlisted > 1 ? ix->nlisted : 1), lo = nn * 0.0005;
        ix->ref = log(nn / (2.0 >= lo ? 2.0 : lo));
        if (ix->ref == 0.0) ix->ref = 1.0;
    }
    Py_ssize_t at = 0;
    { /* the key filter: 8 bits a key, a power of two of 64-bit words */
        int bits = 12;
        while (bits < 40 && ((Py_ssize_t)1 << bits) < 8 * ix->nkeys) bits++;
        free(ix->kbloom);
        ix->kbloom = calloc((size_t)1 << (bits - 6), sizeof(uint64_t));
        if (!ix->kbloom) {
            PyErr_NoMemory();
            return -1;
        }
        ix->kbloom_shift = 64 - (bits - 6);
        for (Py_ssize_t i = 0; i < ix->nkeys; i++) ix->kbloom[bloom_word(ix, ix->key_hash[i])] |= bloom_mask(ix->key_hash[i]);
    }
    for (uint32_t b = 0; b <= 65536; b++) {
        while (at < ix->nkeys && (ix->key_hash[at] >> 16) < b) at++;
        ix->kdir[b] = (uint32_t)at;
    }
    return 0;
}

PyTypeObject IndexType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "watchlist._engine.Index",
    .tp_basicsize = sizeof(IndexObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A NameIndex's arrays, searched in C.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)index_init,
    .tp_dealloc = (destructor)index_dealloc,
    .tp_methods = index_methods,
};

/* word_keys(word) -> sorted distinct CRC-32 hashes of the word's retrieval keys (index._keys) */
PyObject *py_word_keys(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *w;
    if (!PyArg_ParseTuple(args, "O!", &WordType, &w)) return NULL;
    U32s keys = {0};
    if (word_keys(&((WordObject *)w)->w, &keys) < 0) {
        free(keys.h);
        return PyErr_NoMemory();
    }
    size_t n = sort_unique(keys.h, keys.n);
    PyObject *out = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; out && k < n; k++) PyList_SET_ITEM(out, (Py_ssize_t)k, PyLong_FromUnsignedLong(keys.h[k]));
    free(keys.h);
    return out;
}
