/* Consonant skeletons of Latin words: a statement-by-statement port of
 * watchlist.names.translit.latin_skeleton, slavic_skeleton and interdental_skeleton (the
 * Python functions are the reference and the documentation of every rule; tests/engine/
 * test_skeletons.py checks both agree). The analyzer takes two or three skeletons of every new
 * word, and of every compound of two words: in Python, a dozen regular-expression passes each.
 *
 * The port reads words of the letters a-z and the digits 0-9 only (what translit.latinize
 * gives); for any other text it calls the Python function (set_skeleton_reference), so the
 * compiled functions give the reference's result for every str. Each regular-expression pass
 * is a loop over its input that writes its output to another buffer: a lookbehind or lookahead
 * reads the pass's input, as re.sub's do. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "skeleton.h"

static PyObject *ref_latin, *ref_slavic, *ref_interdental; /* the Python reference functions */

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; } /* [aeiou] */
static int is_vowel_y(char c) { return is_vowel(c) || c == 'y'; }                               /* [aeiouy] */
static int is_consonant(char c) { return c >= 'a' && c <= 'z' && !is_vowel(c); } /* [b-df-hj-np-tv-z] */

/* translit._DIGRAPHS of two and three letters, in its order, each replaced by one letter (its single
 * letters q g c v: the loop after them in latin_skeleton) */
static const struct {
    const char *a;
    char b;
} DIGRAPHS[] = {{"sch", 'x'}, {"tch", 'x'}, {"dzh", 'j'}, {"zh", 'z'}, {"kh", 'k'}, {"gh", 'k'}, {"sh", 'x'},
                {"ch", 'x'},  {"ph", 'f'},  {"th", 's'},  {"dh", 'd'}, {"dj", 'j'}, {"ck", 'k'}};

/* s.replace(a, b) for len(b) <= len(a), in place: non-overlapping occurrences, left to right
 * (the write position never passes the read position, so every read sees the pass's input) */
static size_t replace_shrink(char *s, size_t n, const char *a, size_t la, char b) {
    if (!memchr(s, a[0], n)) return n;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == a[0] && i + la <= n && memcmp(s + i + 1, a + 1, la - 1) == 0) {
            s[k++] = b;
            i += la;
        } else {
            s[k++] = s[i++];
        }
    }
    return k;
}

/* latin_skeleton(latin, across_vowels) into s, which holds 2n + 1 bytes (x -> ks doubles a word at
 * most); the length is returned. The passes after the first shrink the word or keep its length:
 * they rewrite s in place. */
static size_t latin_skel(const char *latin, size_t n, int across, char *s) {
    size_t k = 0;
    /* _DIPHTHONG_W.sub("u", latin): (?<=[aeiou])w(?![aeiouy]), then .replace("x", "ks") (one pass:
     * the first reads w and vowels only, and changes w only) */
    for (size_t i = 0; i < n; i++) {
        char c = latin[i];
        if (c == 'w' && i > 0 && is_vowel(latin[i - 1]) && !(i + 1 < n && is_vowel_y(latin[i + 1]))) {
            s[k++] = 'u';
        } else if (c == 'x') {
            s[k++] = 'k';
            s[k++] = 's';
        } else {
            s[k++] = c;
        }
    }
    n = k;
    /* the digraphs in order; then q, g, c -> k and v -> w (one pass: each of these four maps one letter
     * to a letter the later ones do not read) */
    for (size_t d = 0; d < sizeof DIGRAPHS / sizeof DIGRAPHS[0]; d++)
        n = replace_shrink(s, n, DIGRAPHS[d].a, strlen(DIGRAPHS[d].a), DIGRAPHS[d].b);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == 'q' || c == 'g' || c == 'c') s[i] = 'k';
        else if (c == 'v') s[i] = 'w';
    }
    /* re.sub(r"(?<=[aeiou])h$", "", s) */
    if (n >= 2 && s[n - 1] == 'h' && is_vowel(s[n - 2])) n--;
    /* re.sub(r"([b-df-hj-np-tv-z])\1+", r"\1", s) */
    if (!across) {
        k = 0;
        for (size_t i = 0; i < n;) {
            char c = s[i++];
            s[k++] = c;
            if (is_consonant(c))
                while (i < n && s[i] == c) i++;
        }
        n = k;
    }
    /* re.sub(r"^y|y(?=[aeiou])", "Y", s) (Y is no vowel below) */
    for (size_t i = 0; i < n; i++)
        if (s[i] == 'y' && (i == 0 || (i + 1 < n && is_vowel(s[i + 1])))) s[i] = 'Y';
    /* _VOWEL_RUN.sub(_vowels, s).lower(): a run of [aeiouy] at the end goes, one of two letters
     * or more with i or y, or "ee", is y, any other goes */
    k = 0;
    for (size_t i = 0; i < n;) {
        if (!is_vowel_y(s[i])) {
            char c = s[i++];
            s[k++] = c == 'Y' ? 'y' : c;
            continue;
        }
        size_t j = i;
        int iy = 0;
        while (j < n && is_vowel_y(s[j])) {
            if (s[j] == 'i' || s[j] == 'y') iy = 1;
            j++;
        }
        int y = j < n && j - i >= 2 && (iy || (j - i == 2 && s[i] == 'e' && s[i + 1] == 'e'));
        i = j;
        if (y) s[k++] = 'y';
    }
    n = k;
    /* re.sub(r"(.)\1+" if across_vowels else r"(y)\1+", r"\1", s) */
    k = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i++];
        s[k++] = c;
        if (across || c == 'y')
            while (i < n && s[i] == c) i++;
    }
    return k;
}

/* skel[:1] + skel[1:].replace("y", "") */
static size_t drop_inner_y(char *s, size_t n) {
    size_t k = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] != 'y') s[k++] = s[i];
    return k;
}

/* the _SLAVIC_FOLD passes of slavic_skeleton, in order, on the word copied to s (which holds
 * 2n + 1 bytes: c -> ts doubles a word at most). Every pass but c -> ts keeps the word's length
 * or shrinks it and is made in place: a lookbehind that reads a letter the pass has rewritten
 * gives what it gives on the pass's input (noted at each). */
static size_t slavic_fold(char *s, size_t n) {
    size_t k;
    /* (?<=[vw][iy])c$ -> ch */
    if (n >= 3 && s[n - 1] == 'c' && (s[n - 2] == 'i' || s[n - 2] == 'y') && (s[n - 3] == 'v' || s[n - 3] == 'w'))
        s[n++] = 'h';
    /* t?sch|tch|cz -> ch */
    if (memchr(s, 'c', n)) {
        k = 0;
        for (size_t i = 0; i < n;) {
            size_t m = 0;
            if (i + 4 <= n && memcmp(s + i, "tsch", 4) == 0) m = 4;
            else if (i + 3 <= n && (memcmp(s + i, "sch", 3) == 0 || memcmp(s + i, "tch", 3) == 0)) m = 3;
            else if (i + 2 <= n && memcmp(s + i, "cz", 2) == 0) m = 2;
            if (m) {
                s[k++] = 'c';
                s[k++] = 'h';
                i += m;
            } else {
                s[k++] = s[i++];
            }
        }
        n = k;
    }
    /* sz -> sh (same length) */
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == 's' && s[i + 1] == 'z') s[++i] = 'h';
    /* c(?!h) -> ts: from the end backwards, into the grown word (a letter is read before its slot
     * is written; the lookahead reads the letter after it as it was) */
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == 'c' && !(i + 1 < n && s[i + 1] == 'h')) nc++;
    if (nc) {
        size_t w = n + nc;
        char next = 0;
        for (size_t i = n; i-- > 0;) {
            char c = s[i];
            if (c == 'c' && next != 'h') {
                s[--w] = 's';
                s[--w] = 't';
            } else {
                s[--w] = c;
            }
            next = c;
        }
        n += nc;
    }
    /* [ijy](?=[aeiou]) -> "" */
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] == 'i' || s[i] == 'j' || s[i] == 'y') && i + 1 < n && is_vowel(s[i + 1]))) s[k++] = s[i];
    n = k;
    /* (?<=[aeo])[uw]$ -> v */
    if (n >= 2 && (s[n - 1] == 'u' || s[n - 1] == 'w') && (s[n - 2] == 'a' || s[n - 2] == 'e' || s[n - 2] == 'o'))
        s[n - 1] = 'v';
    /* (?<=[ae])u(?=[b-df-hj-np-tv-z]) -> v (a u rewritten to v before it: neither is a or e) */
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == 'u' && (s[i - 1] == 'a' || s[i - 1] == 'e') && is_consonant(s[i + 1])) s[i] = 'v';
    /* ^u(?=[b-df-hj-np-tv-z]) -> v */
    if (n >= 2 && s[0] == 'u' && is_consonant(s[1])) s[0] = 'v';
    /* dz(?!h) -> d */
    if (memchr(s, 'z', n)) {
        k = 0;
        for (size_t i = 0; i < n;) {
            if (i + 1 < n && s[i] == 'd' && s[i + 1] == 'z' && !(i + 2 < n && s[i + 2] == 'h')) {
                s[k++] = 'd';
                i += 2;
            } else {
                s[k++] = s[i++];
            }
        }
        n = k;
    }
    /* j -> y, then z(?!h) -> s, then (?<![kszc])h -> g: one pass, as j -> y makes no z, h, k, s or c,
     * and z -> s before an h is never made; an h rewritten to g before an h: neither is in [kszc] */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == 'j') {
            s[i] = 'y';
        } else if (c == 'z') {
            if (!(i + 1 < n && s[i + 1] == 'h')) s[i] = 's';
        } else if (c == 'h') {
            char p = i ? s[i - 1] : 0;
            if (p != 'k' && p != 's' && p != 'z' && p != 'c') s[i] = 'g';
        }
    }
    return n;
}

/* interdental_skeleton's rewrites before its latin_skeleton, into s: ou(?=[aei]) -> w, then c(?=[eiy]) -> s,
 * then [td]h -> z */
static size_t interdental_rewrite(const char *in, size_t n, char *s) {
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (i + 2 < n && in[i] == 'o' && in[i + 1] == 'u' && (in[i + 2] == 'a' || in[i + 2] == 'e' || in[i + 2] == 'i')) {
            s[k++] = 'w';
            i += 2;
        } else {
            s[k++] = in[i++];
        }
    }
    n = k;
    for (size_t i = 0; i + 1 < n; i++) /* the soft c: same length, in place */
        if (s[i] == 'c' && (s[i + 1] == 'e' || s[i + 1] == 'i' || s[i + 1] == 'y')) s[i] = 's';
    k = 0;
    for (size_t i = 0; i < n;) {
        if (i + 1 < n && (s[i] == 't' || s[i] == 'd') && s[i + 1] == 'h') {
            s[k++] = 'z';
            i += 2;
        } else {
            s[k++] = s[i++];
        }
    }
    return k;
}

/* the word as bytes when it is a str of a-z and 0-9 only, else NULL (no error set) */
static const char *latin_word(PyObject *o, Py_ssize_t *n) {
    if (!PyUnicode_Check(o) || PyUnicode_READY(o) < 0) {
        PyErr_Clear();
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(o)) return NULL;
    const char *s = (const char *)PyUnicode_1BYTE_DATA(o);
    *n = PyUnicode_GET_LENGTH(o);
    for (Py_ssize_t i = 0; i < *n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) return NULL;
    return s;
}

enum { SK_LATIN, SK_SLAVIC, SK_INTERDENTAL };

static PyObject *skeleton(int which, const char *s, size_t n, int across) {
    /* the word after the slavic folds is at most 2n + 1 letters, after x -> ks twice that */
    char stack[2][256];
    size_t cap = 4 * n + 8;
    char *a = stack[0], *b = stack[1], *heap = NULL;
    if (cap > sizeof stack[0]) {
        heap = PyMem_Malloc(2 * cap);
        if (!heap) return PyErr_NoMemory();
        a = heap;
        b = heap + cap;
    }
    size_t m;
    if (which == SK_LATIN) {
        m = latin_skel(s, n, across, a);
    } else if (which == SK_SLAVIC) {
        memcpy(b, s, n);
        m = drop_inner_y(a, latin_skel(b, slavic_fold(b, n), 0, a));
    } else {
        m = drop_inner_y(a, latin_skel(b, interdental_rewrite(s, n, b), 1, a));
    }
    PyObject *r = PyUnicode_FromStringAndSize(a, (Py_ssize_t)m);
    PyMem_Free(heap);
    return r;
}

static PyObject *py_latin_skeleton(PyObject *mod, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    (void)mod;
    PyObject *word = NULL, *across = Py_True;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs < 1 || nargs > 2 || nkw > (2 - nargs)) goto bad;
    word = args[0];
    if (nargs == 2) across = args[1];
    for (Py_ssize_t i = 0; i < nkw; i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(kwnames, i)) ||
            PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, i), "across_vowels") != 0)
            goto bad;
        across = args[nargs + i];
    }
    int av = PyObject_IsTrue(across);
    if (av < 0) return NULL;
    Py_ssize_t n;
    const char *s = latin_word(word, &n);
    if (!s) {
        if (!ref_latin) goto noref;
        return PyObject_Vectorcall(ref_latin, args, (size_t)nargs, kwnames);
    }
    return skeleton(SK_LATIN, s, (size_t)n, av);
bad:
    PyErr_SetString(PyExc_TypeError, "latin_skeleton(latin, across_vowels=True)");
    return NULL;
noref:
    PyErr_SetString(PyExc_RuntimeError, "the skeletons' Python reference is not set");
    return NULL;
}

static PyObject *one_word(int which, PyObject *ref, PyObject *word) {
    Py_ssize_t n;
    const char *s = latin_word(word, &n);
    if (s) return skeleton(which, s, (size_t)n, 0);
    if (!ref) {
        PyErr_SetString(PyExc_RuntimeError, "the skeletons' Python reference is not set");
        return NULL;
    }
    return PyObject_CallOneArg(ref, word);
}

static PyObject *py_slavic_skeleton(PyObject *mod, PyObject *word) {
    (void)mod;
    return one_word(SK_SLAVIC, ref_slavic, word);
}

static PyObject *py_interdental_skeleton(PyObject *mod, PyObject *word) {
    (void)mod;
    return one_word(SK_INTERDENTAL, ref_interdental, word);
}

static PyObject *py_set_skeleton_reference(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *a, *b, *c;
    if (!PyArg_ParseTuple(args, "OOO", &a, &b, &c)) return NULL;
    Py_INCREF(a);
    Py_INCREF(b);
    Py_INCREF(c);
    Py_XSETREF(ref_latin, a);
    Py_XSETREF(ref_slavic, b);
    Py_XSETREF(ref_interdental, c);
    Py_RETURN_NONE;
}

PyMethodDef skeleton_methods[] = {
    {"latin_skeleton", (PyCFunction)(void (*)(void))py_latin_skeleton, METH_FASTCALL | METH_KEYWORDS,
     "latin_skeleton(latin, across_vowels=True): translit.latin_skeleton"},
    {"slavic_skeleton", py_slavic_skeleton, METH_O, "slavic_skeleton(latin): translit.slavic_skeleton"},
    {"interdental_skeleton", py_interdental_skeleton, METH_O,
     "interdental_skeleton(latin): translit.interdental_skeleton"},
    {"set_skeleton_reference", py_set_skeleton_reference, METH_VARARGS,
     "set_skeleton_reference(latin, slavic, interdental): the Python functions for a word of other letters than a-z, 0-9"},
    {NULL, NULL, 0, NULL},
};
