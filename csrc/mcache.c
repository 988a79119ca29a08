/* A word -> matches table, keyed by every feature of the word (its eight strings, kind, flags,
 * variant sets): two words with equal keys have equal similarities with every vocabulary word.
 * Bounded: past MAX_ENTRIES words or MAX_MATCHES matches the table is cleared and refilled. Its
 * slots start few and double as words come (a small list's table stays small). */
#include <stdlib.h>
#include <string.h>

#include "mcache.h"

/* 131072 words: a 30,000-name file of customer names holds some 64,000 distinct query words (at
 * 32768 the table was cleared twice on it, 40 % of lookups found their word against 53 %); at most
 * 8 MB of slots, some 13 MB of keys and 16 MB of matches an index */
#define MAX_ENTRIES 131072
#define MAX_MATCHES (1 << 20)
#define MAX_SLOTS (2 * MAX_ENTRIES)
#define MIN_SLOTS 1024

typedef struct { /* 32 bytes */
    uint64_t hash;
    size_t key_off;
    uint32_t key_len, m_off, m_n, used; /* keys are far under 4 GB, matches under MAX_MATCHES */
} Slot;

struct MCache {
    Slot *slots;
    size_t nslots; /* a power of two, at least twice the entries */
    char *keys;
    size_t keys_len, keys_cap, entries;
    Match *m;
    size_t m_len, m_cap;
    char *scratch;
    size_t scratch_cap;
};

MCache *mcache_new(void) {
    MCache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->nslots = MIN_SLOTS;
    c->slots = calloc(c->nslots, sizeof *c->slots);
    if (!c->slots) {
        free(c);
        return NULL;
    }
    return c;
}

void mcache_free(MCache *c) {
    if (!c) return;
    free(c->slots), free(c->keys), free(c->m), free(c->scratch);
    free(c);
}

static int grow(void **p, size_t *cap, size_t need, size_t item) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 256;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * item);
    if (!q) return -1;
    *p = q, *cap = n;
    return 0;
}

/* the length of the word's features as bytes (serialize) */
static size_t key_len(const Word *t) {
    const Str *f[8] = {&t->text, &t->latin, &t->skel, &t->loose, &t->core, &t->core_skel, &t->ra, &t->sq};
    size_t n = 12 + 4 * (size_t)t->nvar;
    for (int i = 0; i < 8; i++) n += 4 + (size_t)f[i]->n;
    return n;
}

/* the word's features as bytes, key_len(t) of them, to p */
static void serialize_to(const Word *t, char *p) {
    const Str *f[8] = {&t->text, &t->latin, &t->skel, &t->loose, &t->core, &t->core_skel, &t->ra, &t->sq};
    for (int i = 0; i < 8; i++) {
        memcpy(p, &f[i]->n, 4);
        memcpy(p + 4, f[i]->p, (size_t)f[i]->n);
        p += 4 + f[i]->n;
    }
    int32_t head[3] = {t->kind, (int32_t)t->flags, t->nvar};
    memcpy(p, head, sizeof head);
    p += sizeof head;
    memcpy(p, t->var, 4 * (size_t)t->nvar);
}

/* the word's features as bytes into c->scratch; returns the length or -1 */
static long serialize(MCache *c, const Word *t) {
    size_t len = key_len(t);
    if (grow((void **)&c->scratch, &c->scratch_cap, len, 1) < 0) return -1;
    serialize_to(t, c->scratch);
    return (long)len;
}

uint64_t mcache_hash(const Word *t) {
    size_t len = key_len(t);
    char stack[512], *p = len <= sizeof stack ? stack : malloc(len);
    if (!p) return 0;
    serialize_to(t, p);
    uint64_t h = fnv1a(p, len);
    if (p != stack) free(p);
    return h ? h : 1;
}

static uint64_t hash_of(MCache *c, const Word *t, long *len) {
    if (t->mkey) {
        *len = -2; /* not serialized yet */
        return t->mkey;
    }
    *len = serialize(c, t);
    if (*len < 0) return 0;
    uint64_t h = fnv1a(c->scratch, (size_t)*len);
    return h ? h : 1; /* as mcache_hash */
}

/* the slot of the word (t; hash h): its own or the free one it would take; NULL without memory.
 * *len: the key's length once serialized to c->scratch (-2: not yet) */
static Slot *find(MCache *c, uint64_t h, const Word *t, long *len) {
    size_t mask = c->nslots - 1, i = (size_t)h & mask, n = key_len(t);
    for (;;) {
        Slot *s = &c->slots[i];
        if (!s->used) return s;
        if (s->hash == h && s->key_len == n) {
            if (*len == -2 && (*len = serialize(c, t)) < 0) return NULL;
            if (memcmp(c->keys + s->key_off, c->scratch, n) == 0) return s;
        }
        i = (i + 1) & mask;
    }
}

/* twice the slots, the entries moved to theirs (their hashes are kept: no key is read) */
static int rehash(MCache *c) {
    size_t n = c->nslots * 2, mask = n - 1;
    Slot *slots = calloc(n, sizeof *slots);
    if (!slots) return -1;
    for (size_t k = 0; k < c->nslots; k++) {
        if (!c->slots[k].used) continue;
        size_t i = (size_t)c->slots[k].hash & mask;
        while (slots[i].used) i = (i + 1) & mask;
        slots[i] = c->slots[k];
    }
    free(c->slots);
    c->slots = slots, c->nslots = n;
    return 0;
}

const Match *mcache_get(MCache *c, const Word *t, size_t *n) {
    long len;
    uint64_t h = hash_of(c, t, &len);
    if (len == -1) return NULL;
    Slot *s = find(c, h, t, &len);
    if (!s || !s->used) return NULL;
    *n = s->m_n;
    return c->m + s->m_off;
}

int mcache_put(MCache *c, const Word *t, const Match *m, size_t n) {
    long len;
    uint64_t h = hash_of(c, t, &len);
    if (len == -1) return -1;
    if (c->entries >= MAX_ENTRIES || c->m_len + n > MAX_MATCHES) { /* full: start again */
        memset(c->slots, 0, c->nslots * sizeof *c->slots);
        c->entries = c->keys_len = c->m_len = 0;
    } else if (2 * (c->entries + 1) > c->nslots && c->nslots < MAX_SLOTS && rehash(c) < 0) {
        return -1;
    }
    if (n > MAX_MATCHES) return 0; /* never cached */
    Slot *s = find(c, h, t, &len);
    if (!s) return -1;
    if (s->used) return 0;
    if (len == -2 && (len = serialize(c, t)) < 0) return -1;
    if (grow((void **)&c->keys, &c->keys_cap, c->keys_len + (size_t)len, 1) < 0 ||
        grow((void **)&c->m, &c->m_cap, c->m_len + n, sizeof(Match)) < 0)
        return -1;
    memcpy(c->keys + c->keys_len, c->scratch, (size_t)len);
    memcpy(c->m + c->m_len, m, n * sizeof(Match));
    s->used = 1, s->hash = h, s->key_off = c->keys_len, s->key_len = (uint32_t)len, s->m_off = (uint32_t)c->m_len;
    s->m_n = (uint32_t)n;
    c->keys_len += (size_t)len;
    c->m_len += n;
    c->entries++;
    return 0;
}
