/* The engine's word for the compound of two ASCII words: what
 *     engine.word_features(tokens.join(features(a), features(b)))
 * gives (tokens.join, tokens.features, engine.word_features and the helpers they call are the
 * reference and the documentation of every rule), without the Python between. A batch's queries
 * bring new compounds at every name (Safi + Din, John + Smith); in Python each took some 8 us.
 *
 * The curated tables and the functions with regular expressions stay in Python and are read here
 * (set_compound_tables): canonical_latin where its patterns may apply, is_slavic where the last two
 * letters end a Slavic ending, translation_ids where the word may hold a stem, the skeletons (the
 * engine's own, skeleton.c). tests/engine/test_compound.py checks both agree on real names. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "engine.h"
#include "module.h"

enum {
    T_WORDS,           /* variants._WORDS: canonical_latin's whole-word rewrites */
    T_IDS,             /* variants._IDS: Latin form -> variant set ids */
    T_TWORDS,          /* variants._T_WORDS: word -> translation set ids */
    T_STEM_HEADS,      /* variants._STEM_HEADS */
    T_ENGLISH,         /* variants._ENGLISH */
    T_ORG_WORDS,       /* tokens._ORG_WORDS */
    T_KEYS,            /* variants._KEYS: set id -> its key */
    T_NOT_GIVEN,       /* tokens._NOT_GIVEN */
    T_COMMON,          /* score._COMMON: weight key -> weight */
    T_SLAVIC_LAST2,    /* translit._SLAVIC_LAST2 */
    T_CANONICAL,       /* variants.canonical_latin */
    T_IS_SLAVIC,       /* translit.is_slavic */
    T_TRANSLATION_IDS, /* variants.translation_ids */
    T_LATIN_SKEL,      /* translit.latin_skeleton_c */
    T_SLAVIC_SKEL,     /* translit.slavic_skeleton_c */
    T_INTERDENTAL,     /* translit.interdental_skeleton_c */
    T_COUNT
};
static PyObject *tab[T_COUNT];

static int ends(const char *s, Py_ssize_t n, const char *e) {
    Py_ssize_t k = (Py_ssize_t)strlen(e);
    return n >= k && memcmp(s + n - k, e, (size_t)k) == 0;
}

static int is_az(char c) { return c >= 'a' && c <= 'z'; }

/* variants.canonical_latin's patterns may change the word (else it is its own canonical form) */
static int canonical_may_apply(PyObject *w, const char *s, Py_ssize_t n) {
    int in = PyDict_Contains(tab[T_WORDS], w);
    if (in) return in; /* (-1: an error) */
    return ends(s, n, "llah") || (n >= 3 && memcmp(s, "abd", 3) == 0) || ends(s, n, "din") || ends(s, n, "dine") ||
           ends(s, n, "deen") || ends(s, n, "deene");
}

/* end of tokens._LATIN_ARTICLE's match at the start of s, or 0:
 * ^(?:(?:bin|ibn|ben)(?:al|el|ul)|al|el|ul)(?=[a-z]{3}) */
static Py_ssize_t article_end(const char *s, Py_ssize_t n) {
    static const char *fil[] = {"bin", "ibn", "ben"}, *art[] = {"al", "el", "ul"};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (n >= 8 && memcmp(s, fil[i], 3) == 0 && memcmp(s + 3, art[j], 2) == 0 && is_az(s[5]) && is_az(s[6]) &&
                is_az(s[7]))
                return 5;
    for (int j = 0; j < 3; j++)
        if (n >= 5 && memcmp(s, art[j], 2) == 0 && is_az(s[2]) && is_az(s[3]) && is_az(s[4])) return 2;
    return 0;
}

/* features._VOWELLESS: ^[b-df-hj-np-tv-xz]{2,}$ */
static int vowelless(const char *s, Py_ssize_t n) {
    if (n < 2) return 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!is_az(s[i]) || strchr("aeiouy", s[i])) return 0;
    return 1;
}

/* ids += the tuple t; -1: an error, -2: more than cap ids (left to Python) */
static int extend(PyObject *t, long *ids, int *nids, int cap) {
    if (!PyTuple_Check(t)) {
        PyErr_SetString(PyExc_TypeError, "compound: set ids must be a tuple");
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t); i++) {
        if (*nids >= cap) return -2;
        long v = PyLong_AsLong(PyTuple_GET_ITEM(t, i));
        if (v == -1 && PyErr_Occurred()) return -1;
        ids[(*nids)++] = v;
    }
    return 0;
}

static int lookup_ids(PyObject *d, PyObject *key, long *ids, int *nids, int cap) {
    PyObject *t = PyDict_GetItemWithError(d, key);
    if (!t) return PyErr_Occurred() ? -1 : 0;
    return extend(t, ids, nids, cap);
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static PyObject *substr(const char *s, Py_ssize_t a, Py_ssize_t b) { return PyUnicode_FromStringAndSize(s + a, b - a); }

/* variants.variant_key(v) == key */
static int key_is(long v, const char *key) {
    PyObject *k = PyList_GetItem(tab[T_KEYS], (Py_ssize_t)v);
    return k && PyUnicode_CompareWithASCIIString(k, key) == 0;
}

#define MAX_IDS 256

/* the 14 arguments of Word for the compound of ASCII words a and b (see the top), a new reference; NULL
 * with *other set and no error: a feature this port does not take (a non-ASCII skeleton, very many sets):
 * the caller leaves the word to Python */
static PyObject *compound_args(PyObject *a, PyObject *b, int *other) {
    PyObject *word = NULL, *latin = NULL, *skel = NULL, *loose = NULL, *core = NULL, *core_skel = NULL, *sq = NULL;
    PyObject *var = NULL, *key = NULL, *out = NULL, *tmp = NULL;
    word = PyUnicode_Concat(a, b);
    if (!word) goto done;
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    const char *s = (const char *)PyUnicode_1BYTE_DATA(word);
    /* features(word, "name"): raw = word (ASCII), latin = canonical_latin(raw) */
    int may = canonical_may_apply(word, s, n);
    if (may < 0) goto done;
    latin = may ? PyObject_CallOneArg(tab[T_CANONICAL], word) : Py_NewRef(word);
    if (!latin) goto done;
    if (!PyUnicode_Check(latin) || !PyUnicode_IS_ASCII(latin)) goto other;
    Py_ssize_t ln = PyUnicode_GET_LENGTH(latin);
    const char *ls = (const char *)PyUnicode_1BYTE_DATA(latin);
    int slavic = 0;
    if (ln >= 2) { /* is_slavic(word, latin): an ASCII word ending otherwise is not searched */
        tmp = substr(ls, ln - 2, ln);
        int in = tmp ? PySet_Contains(tab[T_SLAVIC_LAST2], tmp) : -1;
        Py_CLEAR(tmp);
        if (in < 0) goto done;
        if (in) {
            tmp = PyObject_CallFunctionObjArgs(tab[T_IS_SLAVIC], word, latin, NULL);
            slavic = tmp ? PyObject_IsTrue(tmp) : -1;
            Py_CLEAR(tmp);
            if (slavic < 0) goto done;
        }
    }
    if (slavic) {
        skel = PyObject_CallFunctionObjArgs(tab[T_LATIN_SKEL], latin, Py_False, NULL);
        loose = PyObject_CallOneArg(tab[T_SLAVIC_SKEL], latin);
    } else {
        skel = PyObject_CallOneArg(tab[T_LATIN_SKEL], latin);
        loose = PyObject_CallOneArg(tab[T_INTERDENTAL], latin);
    }
    if (!skel || !loose) goto done;
    if (!PyUnicode_Check(skel) || !PyUnicode_IS_ASCII(skel) || !PyUnicode_Check(loose) || !PyUnicode_IS_ASCII(loose))
        goto other;
    Py_ssize_t at = ln >= 5 ? article_end(ls, ln) : 0;
    core = at ? substr(ls, at, ln) : PyUnicode_FromStringAndSize("", 0);
    if (!core) goto done;
    core_skel = at ? PyObject_CallOneArg(tab[T_LATIN_SKEL], core) : Py_NewRef(core);
    if (!core_skel) goto done;
    if (!PyUnicode_Check(core_skel) || !PyUnicode_IS_ASCII(core_skel)) goto other;
    /* the variant and translation sets: of raw, latin, core, the nisba (saeedi -> saeed), translation_ids */
    long ids[MAX_IDS];
    int nids = 0;
    tmp = n >= 5 && s[n - 1] == 'i' ? substr(s, 0, n - 1) : PyUnicode_FromStringAndSize("", 0);
    if (!tmp) goto done;
    PyObject *forms[4] = {word, latin, core, tmp};
    for (int f = 0; f < 4; f++) {
        int r = lookup_ids(tab[T_IDS], forms[f], ids, &nids, MAX_IDS);
        if (r == -2) goto other;
        if (r < 0) goto done;
    }
    Py_CLEAR(tmp);
    tmp = substr(s, 0, n < 3 ? n : 3);
    int stem = tmp ? PySet_Contains(tab[T_STEM_HEADS], tmp) : -1;
    Py_CLEAR(tmp);
    if (stem < 0) goto done;
    if (stem) { /* a word that may hold a stem: translation_ids itself */
        tmp = PyObject_CallFunctionObjArgs(tab[T_TRANSLATION_IDS], word, word, NULL);
        int r = tmp ? extend(tmp, ids, &nids, MAX_IDS) : -1;
        if (r == -2) goto other;
        if (r < 0) goto done;
        Py_CLEAR(tmp);
    } else {
        int r = lookup_ids(tab[T_TWORDS], word, ids, &nids, MAX_IDS);
        if (r == -2) goto other;
        if (r < 0) goto done;
    }
    qsort(ids, (size_t)nids, sizeof *ids, cmp_long);
    int nv = 0;
    for (int i = 0; i < nids; i++)
        if (!nv || ids[i] != ids[nv - 1]) ids[nv++] = ids[i];
    var = PyTuple_New(nv);
    if (!var) goto done;
    for (int i = 0; i < nv; i++) {
        PyObject *x = PyLong_FromLong(ids[i]);
        if (!x) goto done;
        PyTuple_SET_ITEM(var, i, x);
    }
    /* tokens.join: "amid" + "hussain": the dh across the join is no interdental letter */
    Py_ssize_t na = PyUnicode_GET_LENGTH(a);
    const char *as = (const char *)PyUnicode_1BYTE_DATA(a), *bs = (const char *)PyUnicode_1BYTE_DATA(b);
    if (na && (as[na - 1] == 't' || as[na - 1] == 'd') && PyUnicode_GET_LENGTH(b) && bs[0] == 'h') {
        Py_ssize_t kn = PyUnicode_GET_LENGTH(skel);
        const char *ks = (const char *)PyUnicode_1BYTE_DATA(skel);
        char buf[512];
        if (kn > (Py_ssize_t)sizeof buf) goto other;
        Py_ssize_t m = 0;
        for (Py_ssize_t i = 0; i < kn; i++)
            if (i == 0 || ks[i] != 'y') buf[m++] = ks[i];
        tmp = PyUnicode_FromStringAndSize(buf, m);
        if (!tmp) goto done;
        int same = PyUnicode_Compare(loose, tmp);
        if (same == -1 && PyErr_Occurred()) goto done;
        if (same != 0) {
            Py_SETREF(loose, tmp);
            tmp = NULL;
        }
        Py_CLEAR(tmp);
    }
    /* engine.word_features */
    unsigned flags = F_TEXT_ASCII;
    int in = PySet_Contains(tab[T_ENGLISH], latin);
    if (in < 0) goto done;
    int english = in;
    if (english) flags |= F_ENGLISH;
    for (int i = 0; i < nv; i++) { /* tokens.is_given_name of a name word */
        if (ids[i] >= n_variant_sets) continue;
        PyObject *k = PyList_GetItem(tab[T_KEYS], (Py_ssize_t)ids[i]);
        if (!k) goto done;
        in = PySequence_Contains(tab[T_NOT_GIVEN], k);
        if (in < 0) goto done;
        if (!in) {
            flags |= F_GIVEN;
            break;
        }
    }
    in = PySequence_Contains(tab[T_ORG_WORDS], latin);
    if (in < 0) goto done;
    if (in) flags |= F_ORGWORD;
    if (nv && key_is(ids[0], "abu")) flags |= F_ABU;
    if (PyErr_Occurred()) goto done;
    if (vowelless(ls, ln)) flags |= F_VOWELLESS;
    { /* features._SQUEEZE: (.)\1+ -> \1 */
        char buf[512];
        if (ln > (Py_ssize_t)sizeof buf) goto other;
        Py_ssize_t m = 0;
        for (Py_ssize_t i = 0; i < ln; i++)
            if (!m || ls[i] != buf[m - 1] || ls[i] == '\n') buf[m++] = ls[i];
        sq = PyUnicode_FromStringAndSize(buf, m);
        if (!sq) goto done;
    }
    /* score.weight_key (variants.weight_set) and table_weight */
    long wset = -1;
    for (int i = 0; i < nv && wset < 0; i++)
        if (ids[i] < n_variant_sets) wset = ids[i];
    if (wset < 0 && nv && !english) wset = ids[0];
    if (wset >= 0) {
        key = PyList_GetItem(tab[T_KEYS], (Py_ssize_t)wset);
        if (!key) goto done;
        Py_INCREF(key);
    } else {
        key = Py_NewRef(latin);
    }
    PyObject *w = PyDict_GetItemWithError(tab[T_COMMON], key);
    if (!w && !PyErr_Occurred()) w = PyDict_GetItemWithError(tab[T_COMMON], latin);
    if (!w && PyErr_Occurred()) goto done;
    PyObject *weight = w ? Py_NewRef(w) : PyFloat_FromDouble(1.0);
    if (!weight) goto done;
    out = Py_BuildValue("(OOOOOOOOiIO()NO)", word, latin, skel, loose, core, core_skel, word, sq, K_NAME, flags, var,
                        weight, key);
    goto done;
other:
    *other = 1;
done:
    Py_XDECREF(word), Py_XDECREF(latin), Py_XDECREF(skel), Py_XDECREF(loose), Py_XDECREF(core);
    Py_XDECREF(core_skel), Py_XDECREF(sq), Py_XDECREF(var), Py_XDECREF(key), Py_XDECREF(tmp);
    return out;
}

static int ascii_pair(PyObject *args, PyObject **a, PyObject **b) {
    if (!PyArg_ParseTuple(args, "UU", a, b)) return -1;
    if (!tab[T_COUNT - 1]) {
        PyErr_SetString(PyExc_RuntimeError, "compound: set_compound_tables was not called");
        return -1;
    }
    return PyUnicode_IS_ASCII(*a) && PyUnicode_IS_ASCII(*b) ? 1 : 0;
}

/* compound_args(a, b) -> the arguments of Word for the compound of two ASCII words (None: a word is not
 * ASCII, or the compound has a feature left to Python) */
PyObject *py_compound_args(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *a, *b;
    int ok = ascii_pair(args, &a, &b), other = 0;
    if (ok < 0) return NULL;
    PyObject *t = ok ? compound_args(a, b, &other) : NULL;
    return t || (ok && !other) ? t : Py_NewRef(Py_None);
}

/* compound_word(a, b) -> Word(*compound_args(a, b)) (None: a word is not ASCII) */
PyObject *py_compound_word(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *a, *b;
    int ok = ascii_pair(args, &a, &b);
    if (ok < 0) return NULL;
    if (!ok) return Py_NewRef(Py_None);
    int other = 0;
    PyObject *t = compound_args(a, b, &other);
    if (!t) return other ? Py_NewRef(Py_None) : NULL;
    PyObject *w = PyObject_Call((PyObject *)&WordType, t, NULL);
    Py_DECREF(t);
    return w;
}

PyObject *py_set_compound_tables(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *t[T_COUNT];
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!OO!OO!O!OOOOOO", &PyDict_Type, &t[T_WORDS], &PyDict_Type, &t[T_IDS],
                          &PyDict_Type, &t[T_TWORDS], &PyFrozenSet_Type, &t[T_STEM_HEADS], &PySet_Type, &t[T_ENGLISH],
                          &t[T_ORG_WORDS], &PyList_Type, &t[T_KEYS], &t[T_NOT_GIVEN], &PyDict_Type, &t[T_COMMON],
                          &PyFrozenSet_Type, &t[T_SLAVIC_LAST2], &t[T_CANONICAL], &t[T_IS_SLAVIC],
                          &t[T_TRANSLATION_IDS], &t[T_LATIN_SKEL], &t[T_SLAVIC_SKEL], &t[T_INTERDENTAL]))
        return NULL;
    for (int i = 0; i < T_COUNT; i++) {
        Py_INCREF(t[i]);
        Py_XSETREF(tab[i], t[i]);
    }
    Py_RETURN_NONE;
}
