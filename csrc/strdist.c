/* String metrics on ASCII bytes, giving rapidfuzz's values to the last bit (rapidfuzz 3.x):
 * OSA distance (Hyyro 2003, bit-parallel), Jaro-Winkler (prefix weight 0.1), Levenshtein, and the
 * normalized forms rapidfuzz computes (1 - d / max(len) for distances; 1 - (1 - sim) for
 * Jaro-Winkler). Also CRC-32 (zlib's), FNV-1a (the engine's hash tables) and Python's round(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Optimal string alignment distance, plain dynamic programming for words over 64 letters. */
static int osa_dp(const Str *a, const Str *b) {
    int n = a->n, m = b->n;
    int *base = malloc(sizeof(int) * (m + 1) * 3);
    if (!base) return n > m ? n : m;
    int *prev2 = base, *prev = base + (m + 1), *cur = prev + (m + 1);
    for (int j = 0; j <= m; j++) prev[j] = j;
    for (int i = 1; i <= n; i++) {
        cur[0] = i;
        for (int j = 1; j <= m; j++) {
            int cost = a->p[i - 1] != b->p[j - 1];
            int v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a->p[i - 1] == b->p[j - 2] && a->p[i - 2] == b->p[j - 1] && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
        }
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    int d = prev[m];
    free(base);
    return d;
}

int osa_distance(const Str *a, const Str *b, int cutoff) {
    const Str *p = a, *t = b;
    if (p->n > t->n) { /* the shorter one is the pattern */
        p = b;
        t = a;
    }
    int m = p->n, d;
    if (m == 0) {
        d = t->n;
    } else if (m > 64) {
        d = osa_dp(p, t);
    } else {
        static uint64_t pm[256]; /* zero between calls: the pattern's letters are cleared after use */
        for (int i = 0; i < m; i++) pm[(unsigned char)p->p[i]] |= (uint64_t)1 << i;
        uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, pm_old = 0, mask = (uint64_t)1 << (m - 1);
        d = m;
        for (int j = 0; j < t->n; j++) {
            uint64_t pmj = pm[(unsigned char)t->p[j]];
            uint64_t tr = (((~d0) & pmj) << 1) & pm_old;
            d0 = (((pmj & vp) + vp) ^ vp) | pmj | vn;
            d0 |= tr;
            uint64_t hp = vn | ~(d0 | vp);
            uint64_t hn = d0 & vp;
            if (hp & mask) d++;
            if (hn & mask) d--;
            hp = (hp << 1) | 1;
            hn <<= 1;
            vp = hn | ~(d0 | hp);
            vn = hp & d0;
            pm_old = pmj;
        }
        for (int i = 0; i < m; i++) pm[(unsigned char)p->p[i]] = 0;
    }
    return d > cutoff ? cutoff + 1 : d;
}

double osa_normalized_similarity(const Str *a, const Str *b) {
    int n = a->n > b->n ? a->n : b->n;
    int d = osa_distance(a, b, n);
    double nd = n ? (double)d / (double)n : 0.0;
    return 1.0 - nd;
}

static double jaro(const Str *P, const Str *T) {
    int pl = P->n, tl = T->n;
    if (!pl && !tl) return 1.0;
    if (!pl || !tl) return 0.0;
    if (pl == 1 && tl == 1) return (double)(P->p[0] == T->p[0]);
    int bound = (tl > pl ? tl : pl) / 2 - 1;
    if (bound < 0) bound = 0;
    unsigned char pflag[256], tflag[256];
    if (pl > 256 || tl > 256) return 0.0; /* no name word is that long */
    memset(pflag, 0, (size_t)pl);
    memset(tflag, 0, (size_t)tl);
    int common = 0;
    for (int j = 0; j < tl; j++) {
        int lo = j - bound < 0 ? 0 : j - bound, hi = j + bound < pl - 1 ? j + bound : pl - 1;
        for (int i = lo; i <= hi; i++) {
            if (!pflag[i] && P->p[i] == T->p[j]) {
                pflag[i] = tflag[j] = 1;
                common++;
                break;
            }
        }
    }
    if (!common) return 0.0;
    int trans = 0, i = 0;
    for (int j = 0; j < tl; j++) {
        if (!tflag[j]) continue;
        while (!pflag[i]) i++;
        trans += P->p[i] != T->p[j];
        i++;
    }
    trans /= 2;
    double sim = 0;
    sim += (double)common / (double)pl;
    sim += (double)common / (double)tl;
    sim += ((double)common - (double)trans) / (double)common;
    return sim / 3.0;
}

double jaro_winkler_normalized_similarity(const Str *a, const Str *b) {
    int min_len = a->n < b->n ? a->n : b->n, max_prefix = min_len < 4 ? min_len : 4, prefix = 0;
    for (; prefix < max_prefix; prefix++)
        if (a->p[prefix] != b->p[prefix]) break;
    double sim = jaro(a, b);
    if (sim > 0.7) sim += (double)prefix * 0.1 * (1.0 - sim);
    return 1.0 - (1.0 - sim);
}

double levenshtein_normalized_similarity(const Str *a, const Str *b) {
    int n = a->n, m = b->n, mx = n > m ? n : m;
    if (!mx) return 1.0;
    int stack[130] = {0};
    int *row = m + 1 <= 130 ? stack : malloc(sizeof(int) * (m + 1));
    if (!row) return 0.0;
    for (int j = 0; j <= m; j++) row[j] = j;
    for (int i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= m; j++) {
            int up = row[j];
            int v = diag + (a->p[i - 1] != b->p[j - 1]);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
        }
    }
    int d = row[m];
    if (row != stack) free(row);
    return 1.0 - (double)d / (double)mx;
}

uint64_t letter_sig(const Str *s) {
    uint32_t once = 0, twice = 0;
    for (int32_t i = 0; i < s->n; i++) {
        unsigned char c = (unsigned char)s->p[i];
        int b = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? 26 : 27;
        twice |= once & (1u << b);
        once |= 1u << b;
    }
    return (uint64_t)once | (uint64_t)twice << 32;
}

uint64_t fnv1a(const char *p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static uint32_t crc_table[4][256]; /* [0]: zlib's; [k]: a byte followed by k zero bytes (slicing by 4) */
static int crc_ready;

uint32_t crc32_bytes(uint32_t crc, const char *p, size_t n) {
    if (!crc_ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            crc_table[0][i] = c;
        }
        for (uint32_t i = 0; i < 256; i++)
            for (int k = 1; k < 4; k++)
                crc_table[k][i] = crc_table[0][crc_table[k - 1][i] & 0xFF] ^ (crc_table[k - 1][i] >> 8);
        crc_ready = 1;
    }
    const unsigned char *q = (const unsigned char *)p;
    crc = ~crc;
    for (; n >= 4; n -= 4, q += 4) {
        crc ^= (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
        crc = crc_table[3][crc & 0xFF] ^ crc_table[2][(crc >> 8) & 0xFF] ^ crc_table[1][(crc >> 16) & 0xFF] ^
              crc_table[0][crc >> 24];
    }
    for (; n; n--, q++) crc = crc_table[0][(crc ^ *q) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

double py_round(double x, int ndigits) {
    /* Python rounds the exact binary value half-even; away from a half the scaled floor is it. */
    double scale = ndigits == 1 ? 10.0 : ndigits == 4 ? 10000.0 : pow(10.0, ndigits);
    double y = x * scale, f = floor(y), d = y - f;
    if (fabs(d - 0.5) > 1e-6 && fabs(y) < 1e15) return (d < 0.5 ? f : f + 1.0) / scale;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", ndigits, x); /* glibc: exact value, ties to even, as Python */
    return strtod(buf, NULL);
}
