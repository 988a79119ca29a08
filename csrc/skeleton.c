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

/* s.replace(a, b): non-overlapping occurrences, left to right */
static size_t replace_all(const char *in, size_t n, const char *a, const char *b, char *out) {
    size_t la = strlen(a), lb = strlen(b), k = 0, i = 0;
    while (i < n) {
        if (i + la <= n && memcmp(in + i, a, la) == 0) {
            memcpy(out + k, b, lb);
            k += lb;
            i += la;
        } else {
            out[k++] = in[i++];
        }
    }
    return k;
}

static const char *const DIGRAPHS[][2] = {{"sch", "x"}, {"tch", "x"}, {"dzh", "j"}, {"zh", "z"}, {"kh", "k"},
                                          {"gh", "k"},  {"sh", "x"},  {"ch", "x"},  {"ph", "f"}, {"th", "s"},
                                          {"dh", "d"},  {"dj", "j"},  {"ck", "k"},  {"q", "k"},  {"g", "k"},
                                          {"c", "k"},   {"v", "w"}};

/* latin_skeleton(latin, across_vowels). a and b hold 4n + 16 bytes (x -> ks doubles a word at
 * most); the result is in a, its length returned. */
static size_t latin_skel(const char *latin, size_t n, int across, char *a, char *b) {
    size_t k = 0;
    /* _DIPHTHONG_W.sub("u", latin): (?<=[aeiou])w(?![aeiouy]) */
    for (size_t i = 0; i < n; i++) {
        char c = latin[i];
        if (c == 'w' && i > 0 && is_vowel(latin[i - 1]) && !(i + 1 < n && is_vowel_y(latin[i + 1])))
            c = 'u';
        b[k++] = c;
    }
    /* .replace("x", "ks"), then the digraphs in order */
    n = replace_all(b, k, "x", "ks", a);
    for (size_t d = 0; d < sizeof DIGRAPHS / sizeof DIGRAPHS[0]; d++) {
        n = replace_all(a, n, DIGRAPHS[d][0], DIGRAPHS[d][1], b);
        memcpy(a, b, n);
    }
    /* re.sub(r"(?<=[aeiou])h$", "", s) */
    if (n >= 2 && a[n - 1] == 'h' && is_vowel(a[n - 2])) n--;
    /* re.sub(r"([b-df-hj-np-tv-z])\1+", r"\1", s) */
    if (!across) {
        k = 0;
        for (size_t i = 0; i < n;) {
            char c = a[i];
            b[k++] = c;
            i++;
            if (is_consonant(c))
                while (i < n && a[i] == c) i++;
        }
        memcpy(a, b, k);
        n = k;
    }
    /* re.sub(r"^y|y(?=[aeiou])", "Y", s) */
    for (size_t i = 0; i < n; i++)
        if (a[i] == 'y' && (i == 0 || (i + 1 < n && is_vowel(a[i + 1])))) a[i] = 'Y';
    /* _VOWEL_RUN.sub(_vowels, s).lower(): a run of [aeiouy] at the end goes, one of two letters
     * or more with i or y, or "ee", is y, any other goes */
    k = 0;
    for (size_t i = 0; i < n;) {
        if (!is_vowel_y(a[i])) {
            char c = a[i++];
            b[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
            continue;
        }
        size_t j = i;
        int iy = 0;
        while (j < n && is_vowel_y(a[j])) {
            if (a[j] == 'i' || a[j] == 'y') iy = 1;
            j++;
        }
        if (j < n && j - i >= 2 && (iy || (j - i == 2 && a[i] == 'e' && a[i + 1] == 'e'))) b[k++] = 'y';
        i = j;
    }
    /* re.sub(r"(.)\1+" if across_vowels else r"(y)\1+", r"\1", s) */
    n = 0;
    for (size_t i = 0; i < k;) {
        char c = b[i];
        a[n++] = c;
        i++;
        if (across || c == 'y')
            while (i < k && b[i] == c) i++;
    }
    return n;
}

/* skel[:1] + skel[1:].replace("y", "") */
static size_t drop_inner_y(char *s, size_t n) {
    size_t k = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] != 'y') s[k++] = s[i];
    return k;
}

/* the _SLAVIC_FOLD passes of slavic_skeleton, in order (a -> b -> a ...); the result is in a */
static size_t slavic_fold(char *a, size_t n, char *b) {
    size_t k;
#define SWAP() (memcpy(a, b, k), n = k)
    /* (?<=[vw][iy])c$ -> ch */
    if (n >= 3 && a[n - 1] == 'c' && (a[n - 2] == 'i' || a[n - 2] == 'y') && (a[n - 3] == 'v' || a[n - 3] == 'w')) {
        a[n++] = 'h';
    }
    /* t?sch|tch|cz -> ch */
    k = 0;
    for (size_t i = 0; i < n;) {
        size_t m = 0;
        if (i + 4 <= n && memcmp(a + i, "tsch", 4) == 0) m = 4;
        else if (i + 3 <= n && (memcmp(a + i, "sch", 3) == 0 || memcmp(a + i, "tch", 3) == 0)) m = 3;
        else if (i + 2 <= n && memcmp(a + i, "cz", 2) == 0) m = 2;
        if (m) {
            b[k++] = 'c';
            b[k++] = 'h';
            i += m;
        } else {
            b[k++] = a[i++];
        }
    }
    SWAP();
    /* sz -> sh */
    k = replace_all(a, n, "sz", "sh", b);
    SWAP();
    /* c(?!h) -> ts */
    k = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i] == 'c' && !(i + 1 < n && a[i + 1] == 'h')) {
            b[k++] = 't';
            b[k++] = 's';
        } else {
            b[k++] = a[i];
        }
    }
    SWAP();
    /* [ijy](?=[aeiou]) -> "" */
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (!((a[i] == 'i' || a[i] == 'j' || a[i] == 'y') && i + 1 < n && is_vowel(a[i + 1]))) b[k++] = a[i];
    SWAP();
    /* (?<=[aeo])[uw]$ -> v */
    if (n >= 2 && (a[n - 1] == 'u' || a[n - 1] == 'w') && (a[n - 2] == 'a' || a[n - 2] == 'e' || a[n - 2] == 'o'))
        a[n - 1] = 'v';
    /* (?<=[ae])u(?=[b-df-hj-np-tv-z]) -> v (lookbehind and lookahead read the pass's input) */
    k = 0;
    for (size_t i = 0; i < n; i++) {
        int hit = a[i] == 'u' && i > 0 && (a[i - 1] == 'a' || a[i - 1] == 'e') && i + 1 < n && is_consonant(a[i + 1]);
        b[k++] = hit ? 'v' : a[i];
    }
    SWAP();
    /* ^u(?=[b-df-hj-np-tv-z]) -> v */
    if (n >= 2 && a[0] == 'u' && is_consonant(a[1])) a[0] = 'v';
    /* dz(?!h) -> d */
    k = 0;
    for (size_t i = 0; i < n;) {
        if (i + 1 < n && a[i] == 'd' && a[i + 1] == 'z' && !(i + 2 < n && a[i + 2] == 'h')) {
            b[k++] = 'd';
            i += 2;
        } else {
            b[k++] = a[i++];
        }
    }
    SWAP();
    /* j -> y; z(?!h) -> s (one pass: j -> y makes no z and no h) */
    for (size_t i = 0; i < n; i++) {
        if (a[i] == 'j') a[i] = 'y';
        else if (a[i] == 'z' && !(i + 1 < n && a[i + 1] == 'h')) a[i] = 's';
    }
    /* (?<![kszc])h -> g (the lookbehind reads the pass's input: copy first) */
    k = 0;
    for (size_t i = 0; i < n; i++) {
        char p = i ? a[i - 1] : 0;
        b[k++] = (a[i] == 'h' && p != 'k' && p != 's' && p != 'z' && p != 'c') ? 'g' : a[i];
    }
    SWAP();
#undef SWAP
    return n;
}

/* interdental_skeleton's rewrites before its latin_skeleton: ou(?=[aei]) -> w, [td]h -> z; result in a */
static size_t interdental_rewrite(const char *in, size_t n, char *a, char *b) {
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (i + 2 < n && in[i] == 'o' && in[i + 1] == 'u' && (in[i + 2] == 'a' || in[i + 2] == 'e' || in[i + 2] == 'i')) {
            b[k++] = 'w';
            i += 2;
        } else {
            b[k++] = in[i++];
        }
    }
    size_t m = 0;
    for (size_t i = 0; i < k;) {
        if (i + 1 < k && (b[i] == 't' || b[i] == 'd') && b[i + 1] == 'h') {
            a[m++] = 'z';
            i += 2;
        } else {
            a[m++] = b[i++];
        }
    }
    return m;
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
    /* three buffers of 8n + 32 bytes: the slavic folds can double a word (c -> ts), x -> ks in
     * latin_skel doubles it again */
    char stack[3][288];
    size_t cap = 8 * n + 32;
    char *a = stack[0], *b = stack[1], *c = stack[2], *heap = NULL;
    if (cap > sizeof stack[0]) {
        heap = PyMem_Malloc(3 * cap);
        if (!heap) return PyErr_NoMemory();
        a = heap;
        b = heap + cap;
        c = heap + 2 * cap;
    }
    size_t m;
    if (which == SK_LATIN) {
        m = latin_skel(s, n, across, a, b);
    } else if (which == SK_SLAVIC) {
        memcpy(c, s, n);
        size_t f = slavic_fold(c, n, a);
        m = drop_inner_y(a, latin_skel(c, f, 0, a, b));
    } else {
        size_t f = interdental_rewrite(s, n, c, a);
        m = drop_inner_y(a, latin_skel(c, f, 1, a, b));
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
