/* The Python face of the engine: Word objects, token_sim / score on them, the metrics (for the
 * tests), and the Index type (search.c). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "explain.h"
#include "may.h"
#include "mcache.h"
#include "module.h"
#include "skeleton.h"

/* ------------------------------------------------------------------ Word */

static int ascii_only(const char *p, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 128) return 0;
    return 1;
}

static void word_dealloc(WordObject *self) {
    PyMem_Free(self->buf);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Word(text, latin, skel, loose, core, core_skel, ra, sq, kind, flags, variants, alts, wdef=1.0, wkey=None) */
static int word_init(WordObject *self, PyObject *args, PyObject *kw) {
    PyObject *strs[8], *variants, *alts, *wkey = Py_None;
    int kind;
    unsigned int flags;
    double wdef = 1.0;
    if (kw && PyDict_GET_SIZE(kw)) {
        PyErr_SetString(PyExc_TypeError, "Word takes positional arguments only");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "UUUUUUUUiIO!O!|dO", &strs[0], &strs[1], &strs[2], &strs[3], &strs[4], &strs[5],
                          &strs[6], &strs[7], &kind, &flags, &PyTuple_Type, &variants, &PyTuple_Type, &alts, &wdef,
                          &wkey))
        return -1;
    if (wkey != Py_None && !PyUnicode_Check(wkey)) {
        PyErr_SetString(PyExc_TypeError, "Word: wkey must be a str or None");
        return -1;
    }
    if (kind < 0 || kind >= K_COUNT) {
        PyErr_SetString(PyExc_ValueError, "Word: unknown kind");
        return -1;
    }
    const char *u[8];
    Py_ssize_t n[8], total = 0;
    for (int i = 0; i < 8; i++) {
        u[i] = PyUnicode_AsUTF8AndSize(strs[i], &n[i]);
        if (!u[i]) return -1;
        if (i > 0 && !ascii_only(u[i], n[i])) {
            PyErr_SetString(PyExc_ValueError, "Word: every feature but the text must be ASCII");
            return -1;
        }
        total += n[i];
    }
    Py_ssize_t nvar = PyTuple_GET_SIZE(variants), nalt = PyTuple_GET_SIZE(alts);
    if (nalt > MAX_ALT) {
        PyErr_SetString(PyExc_ValueError, "Word: too many alternative skeletons");
        return -1;
    }
    const char *au[MAX_ALT];
    Py_ssize_t an[MAX_ALT];
    double as[MAX_ALT];
    for (Py_ssize_t k = 0; k < nalt; k++) {
        PyObject *item = PyTuple_GET_ITEM(alts, k), *so;
        if (!PyArg_ParseTuple(item, "Ud", &so, &as[k])) return -1;
        au[k] = PyUnicode_AsUTF8AndSize(so, &an[k]);
        if (!au[k]) return -1;
        if (!ascii_only(au[k], an[k])) {
            PyErr_SetString(PyExc_ValueError, "Word: alternative skeletons must be ASCII");
            return -1;
        }
        total += an[k];
    }
    const char *wk = NULL;
    Py_ssize_t wkn = 0;
    if (wkey != Py_None) {
        wk = PyUnicode_AsUTF8AndSize(wkey, &wkn);
        if (!wk) return -1;
        total += wkn;
    }
    if (total > 1 << 20 || nvar > 1 << 16) {
        PyErr_SetString(PyExc_ValueError, "Word: features too long");
        return -1;
    }
    size_t size = (size_t)total + sizeof(int32_t) * (size_t)nvar + sizeof(uint32_t) * (size_t)(nalt + 1) +
                  sizeof(double) * (size_t)nalt + 16;
    PyMem_Free(self->buf);
    char *buf = self->buf = PyMem_Malloc(size);
    if (!buf) {
        PyErr_NoMemory();
        return -1;
    }
    /* doubles, then int32s, then uint32s, then characters: every array aligned */
    double *sims = (double *)buf;
    int32_t *var = (int32_t *)(sims + nalt);
    uint32_t *aoff = (uint32_t *)(var + nvar);
    char *chars = (char *)(aoff + nalt + 1);
    Str *fields[8] = {&self->w.text, &self->w.latin, &self->w.skel, &self->w.loose,
                      &self->w.core, &self->w.core_skel, &self->w.ra, &self->w.sq};
    char *at = chars;
    for (int i = 0; i < 8; i++) {
        memcpy(at, u[i], (size_t)n[i]);
        fields[i]->p = at;
        fields[i]->n = (int32_t)n[i];
        at += n[i];
    }
    char *alt_blob = at;
    aoff[0] = 0;
    for (Py_ssize_t k = 0; k < nalt; k++) {
        memcpy(at, au[k], (size_t)an[k]);
        at += an[k];
        aoff[k + 1] = (uint32_t)(at - alt_blob);
        sims[k] = as[k];
    }
    if (wk) memcpy(at, wk, (size_t)wkn);
    self->w.wkey.p = at;
    self->w.wkey.n = (int32_t)wkn;
    self->w.has_wkey = wk != NULL;
    self->w.wkey_hash = fnv1a(self->w.wkey.p, (size_t)self->w.wkey.n);
    self->w.wdef = wdef;
    at += wkn;
    for (Py_ssize_t k = 0; k < nvar; k++) {
        long v = PyLong_AsLong(PyTuple_GET_ITEM(variants, k));
        if (v == -1 && PyErr_Occurred()) return -1;
        if (k && v <= var[k - 1]) {
            PyErr_SetString(PyExc_ValueError, "Word: variants must be sorted and distinct");
            return -1;
        }
        var[k] = (int32_t)v;
    }
    self->w.var = var;
    self->w.nvar = (int32_t)nvar;
    self->w.nalt = (int32_t)nalt;
    self->w.alt_blob = alt_blob;
    self->w.alt_off = aoff;
    self->w.alt_sim = sims;
    self->w.kind = kind;
    self->w.flags = flags;
    word_derived(&self->w);
    self->w.mkey = mcache_hash(&self->w);
    return 0;
}

static PyObject *word_text(WordObject *self, void *closure) {
    (void)closure;
    return PyUnicode_DecodeUTF8(self->w.text.p, self->w.text.n, "strict");
}

static PyGetSetDef word_getset[] = {{"text", (getter)word_text, NULL, "the normalized word", NULL},
                                    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject WordType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "watchlist._engine.Word",
    .tp_basicsize = sizeof(WordObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One word's packed comparison features (see watchlist.engine.word).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)word_init,
    .tp_dealloc = (destructor)word_dealloc,
    .tp_getset = word_getset,
};

/* ------------------------------------------------------------------ conversions */

PyObject *pairs_to_list(const Pair *pairs, int np) {
    PyObject *out = PyList_New(np);
    if (!out) return NULL;
    for (int k = 0; k < np; k++) {
        const Pair *p = &pairs[k];
        PyObject *t = Py_BuildValue("(iiiidi)", p->qi, p->qj, p->ci, p->cj, p->s, p->rule);
        if (!t) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, t);
    }
    return out;
}

/* a Name from (words: tuple[Word], weights: sequence of float, comps: tuple[(i, j, Word)], rels) */
int name_from_python(PyObject *words, PyObject *weights, PyObject *comps, PyObject *rels, NameBuf *b) {
    b->rel_run[0] = 0; /* the rest is written below, as far as it is read */
    if (!PyTuple_Check(words) || !PyTuple_Check(comps) || (rels != Py_None && !PyTuple_Check(rels))) {
        PyErr_SetString(PyExc_TypeError, "words, comps and rels must be tuples");
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(words), nc = PyTuple_GET_SIZE(comps);
    if (n > MAX_WORDS || nc > MAX_WORDS) {
        PyErr_SetString(PyExc_ValueError, "name too long for the engine");
        return -1;
    }
    /* fetch the words ahead: a query's Word objects are scattered over the heap, each a few lines */
    for (Py_ssize_t i = 0; i < n + nc; i++) {
        PyObject *o = i < n ? PyTuple_GET_ITEM(words, i) : PyTuple_GET_ITEM(comps, i - n);
        if (i >= n) {
            if (!PyTuple_Check(o) || PyTuple_GET_SIZE(o) != 3) continue;
            o = PyTuple_GET_ITEM(o, 2);
        }
        for (size_t at = 0; at < sizeof(WordObject); at += 64) __builtin_prefetch((const char *)o + at);
    }
    PyObject *wseq = weights ? PySequence_Fast(weights, "weights must be a sequence") : NULL;
    if (weights && !wseq) return -1;
    if (wseq && PySequence_Fast_GET_SIZE(wseq) != n) {
        Py_DECREF(wseq);
        PyErr_SetString(PyExc_ValueError, "one weight a word");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyTuple_GET_ITEM(words, i);
        if (!PyObject_TypeCheck(w, &WordType)) {
            Py_XDECREF(wseq);
            PyErr_SetString(PyExc_TypeError, "words must be Word objects");
            return -1;
        }
        b->words[i] = ((WordObject *)w)->w;
        if (!wseq) continue;
        b->weight[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(wseq, i));
        if (b->weight[i] == -1.0 && PyErr_Occurred()) {
            Py_DECREF(wseq);
            return -1;
        }
    }
    Py_XDECREF(wseq);
    for (Py_ssize_t k = 0; k < nc; k++) {
        PyObject *w = NULL, *c = PyTuple_GET_ITEM(comps, k);
        int i = -1, j = -1;
        if (PyTuple_CheckExact(c) && PyTuple_GET_SIZE(c) == 3 && PyLong_CheckExact(PyTuple_GET_ITEM(c, 0)) &&
            PyLong_CheckExact(PyTuple_GET_ITEM(c, 1)) && Py_IS_TYPE(PyTuple_GET_ITEM(c, 2), &WordType)) {
            /* (i, j, Word) read directly; anything else (or out of range) by PyArg_ParseTuple and its errors */
            long li = PyLong_AsLong(PyTuple_GET_ITEM(c, 0)), lj = PyLong_AsLong(PyTuple_GET_ITEM(c, 1));
            if (li >= 0 && li < n && lj >= 0 && lj < n) i = (int)li, j = (int)lj, w = PyTuple_GET_ITEM(c, 2);
            PyErr_Clear();
        }
        if (!w && !PyArg_ParseTuple(c, "iiO!", &i, &j, &WordType, &w)) return -1;
        if (i < 0 || j < 0 || i >= n || j >= n) {
            PyErr_SetString(PyExc_ValueError, "compound position out of range");
            return -1;
        }
        b->comps[k] = ((WordObject *)w)->w;
        b->ci[k] = i, b->cj[k] = j;
    }
    int nrel = 0, nrun = 0;
    if (rels != Py_None) {
        Py_ssize_t nr = PyTuple_GET_SIZE(rels);
        if (nr > MAX_WORDS) {
            PyErr_SetString(PyExc_ValueError, "too many acronym relations");
            return -1;
        }
        b->rel_run[0] = 0;
        for (Py_ssize_t k = 0; k < nr; k++) {
            int j;
            PyObject *run;
            if (!PyArg_ParseTuple(PyTuple_GET_ITEM(rels, k), "iO!", &j, &PyTuple_Type, &run)) return -1;
            if (j < 0 || j >= n) goto range;
            b->rel_j[nrel] = j;
            for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(run); r++) {
                long x = PyLong_AsLong(PyTuple_GET_ITEM(run, r));
                if (x < 0 || x >= n || nrun >= MAX_WORDS * 4) goto range;
                b->runs[nrun++] = (int32_t)x;
            }
            b->rel_run[++nrel] = nrun;
        }
    }
    b->name.n = (int)n;
    b->name.words = b->words;
    b->name.weight = b->weight;
    b->name.ncomp = (int)nc;
    b->name.comps = b->comps;
    b->name.ci = b->ci;
    b->name.cj = b->cj;
    b->name.nrel = nrel;
    b->name.rel_j = b->rel_j;
    b->name.rel_run = b->rel_run;
    b->name.runs = b->runs;
    b->name.typed_org = 0;
    return 0;
range:
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "acronym relation out of range");
    return -1;
}

/* ------------------------------------------------------------------ functions */

static PyObject *py_token_sim(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *a, *b;
    double need = 0.0;
    if (!PyArg_ParseTuple(args, "O!O!|d", &WordType, &a, &WordType, &b, &need)) return NULL;
    int rule;
    double s = token_sim(&((WordObject *)a)->w, &((WordObject *)b)->w, &rule, need);
    return Py_BuildValue("(di)", s, rule);
}

/* token_sim_may(a, b, need) -> False when token_sim(a, b) is surely under need (from the shapes) */
static PyObject *py_token_sim_may(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *a, *b;
    double need;
    if (!PyArg_ParseTuple(args, "O!O!d", &WordType, &a, &WordType, &b, &need)) return NULL;
    return PyBool_FromLong(token_sim_may(&((WordObject *)a)->w.sh, &((WordObject *)b)->w.sh, need));
}

typedef struct {
    const Name *q, *c;
} PlainCtx;

static double plain_sim(void *ctx, int qu, int cu, double need, int *rule) {
    PlainCtx *x = ctx;
    const Word *a = qu < x->q->n ? &x->q->words[qu] : &x->q->comps[qu - x->q->n];
    const Word *b = cu < x->c->n ? &x->c->words[cu] : &x->c->comps[cu - x->c->n];
    return token_sim(a, b, rule, need);
}

/* score(q, qweights, qcomps, qrels, c, cweights, ccomps, crels, equal, org=False) -> (score, pairs, explanation) */
static PyObject *py_score(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *q, *qw, *qc, *qrels, *c, *cw, *cc, *rels;
    int equal, org = 0;
    if (!PyArg_ParseTuple(args, "OOOOOOOOp|p", &q, &qw, &qc, &qrels, &c, &cw, &cc, &rels, &equal, &org)) return NULL;
    NameBuf *qb = PyMem_Malloc(sizeof(NameBuf)), *cb = PyMem_Malloc(sizeof(NameBuf));
    PyObject *out = NULL;
    if (!qb || !cb) {
        PyErr_NoMemory();
        goto done;
    }
    if (name_from_python(q, qw, qc, qrels, qb) < 0 || name_from_python(c, cw, cc, rels, cb) < 0) goto done;
    cb->name.typed_org = org;
    Pair pairs[MAX_UNITS];
    int np;
    PlainCtx ctx = {&qb->name, &cb->name};
    double s = score_names(&qb->name, &cb->name, plain_sim, &ctx, equal, pairs, &np);
    Text text = {0};
    if (explain_names(&qb->name, &cb->name, s, pairs, np, &text) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *pl = pairs_to_list(pairs, np);
    if (pl) out = Py_BuildValue("(dNs#)", s, pl, text.buf, (Py_ssize_t)text.len);
    free(text.buf);
done:
    PyMem_Free(qb);
    PyMem_Free(cb);
    return out;
}

static int str_arg(PyObject *o, Str *s) {
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(o, &n);
    if (!p) return -1;
    if (!ascii_only(p, n)) {
        PyErr_SetString(PyExc_ValueError, "ASCII strings only");
        return -1;
    }
    s->p = p;
    s->n = (int32_t)n;
    return 0;
}

static PyObject *py_metric(PyObject *args, int which) {
    PyObject *a, *b;
    int cutoff = 1 << 30;
    if (!PyArg_ParseTuple(args, "UU|i", &a, &b, &cutoff)) return NULL;
    Str x, y;
    if (str_arg(a, &x) < 0 || str_arg(b, &y) < 0) return NULL;
    switch (which) {
    case 0: return PyLong_FromLong(osa_distance(&x, &y, cutoff));
    case 1: return PyFloat_FromDouble(osa_normalized_similarity(&x, &y));
    case 2: return PyFloat_FromDouble(jaro_winkler_normalized_similarity(&x, &y));
    default: return PyFloat_FromDouble(levenshtein_normalized_similarity(&x, &y));
    }
}

static PyObject *py_osa(PyObject *m, PyObject *a) { (void)m; return py_metric(a, 0); }
static PyObject *py_osa_sim(PyObject *m, PyObject *a) { (void)m; return py_metric(a, 1); }
static PyObject *py_jw(PyObject *m, PyObject *a) { (void)m; return py_metric(a, 2); }
static PyObject *py_lev_sim(PyObject *m, PyObject *a) { (void)m; return py_metric(a, 3); }

static PyObject *py_crc32(PyObject *m, PyObject *args) {
    (void)m;
    Py_buffer b;
    if (!PyArg_ParseTuple(args, "y*", &b)) return NULL;
    uint32_t c = crc32_bytes(0, b.buf, (size_t)b.len);
    PyBuffer_Release(&b);
    return PyLong_FromUnsignedLong(c);
}

static PyObject *py_pyround(PyObject *m, PyObject *args) {
    (void)m;
    double x;
    int nd;
    if (!PyArg_ParseTuple(args, "di", &x, &nd)) return NULL;
    return PyFloat_FromDouble(py_round(x, nd));
}

static PyObject *py_set_variant_sets(PyObject *m, PyObject *args) {
    (void)m;
    int n;
    if (!PyArg_ParseTuple(args, "i", &n)) return NULL;
    n_variant_sets = n;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"token_sim", py_token_sim, METH_VARARGS, "token_sim(a, b, need=0) -> (similarity, rule id); need > 0: a similarity under need may be 0"},
    {"token_sim_may", py_token_sim_may, METH_VARARGS, "token_sim_may(a, b, need) -> False: token_sim(a, b) < need for sure"},
    {"score", py_score, METH_VARARGS,
     "score(q, qw, qcomps, qrels, c, cw, ccomps, crels, equal, org=False) -> (score, pairs, explanation)"},
    {"osa_distance", py_osa, METH_VARARGS, "OSA distance (ASCII)"},
    {"osa_similarity", py_osa_sim, METH_VARARGS, "OSA normalized similarity (ASCII)"},
    {"jaro_winkler", py_jw, METH_VARARGS, "Jaro-Winkler normalized similarity (ASCII)"},
    {"levenshtein_similarity", py_lev_sim, METH_VARARGS, "Levenshtein normalized similarity (ASCII)"},
    {"word_keys", py_word_keys, METH_VARARGS, "sorted distinct CRC-32 hashes of a word's retrieval keys"},
    {"crc32", py_crc32, METH_VARARGS, "CRC-32 of bytes (zlib's)"},
    {"py_round", py_pyround, METH_VARARGS, "Python's round(x, n), as the engine computes it"},
    {"set_variant_sets", py_set_variant_sets, METH_VARARGS, "set the number of curated variant sets"},
    {"compound_args", py_compound_args, METH_VARARGS,
     "compound_args(a, b) -> engine.word_features(tokens.join(features(a), features(b))) of two ASCII words, else None"},
    {"compound_word", py_compound_word, METH_VARARGS, "compound_word(a, b) -> Word(*compound_args(a, b)), or None"},
    {"set_compound_tables", py_set_compound_tables, METH_VARARGS, "the Python tables and functions compound_args reads"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "watchlist._engine", "The compiled name matcher.", -1,
                                    methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__engine(void) {
    may_tables_init();
    if (PyType_Ready(&WordType) < 0 || PyType_Ready(&IndexType) < 0) return NULL;
    PyObject *m = PyModule_Create(&moddef);
    if (!m) return NULL;
    Py_INCREF(&WordType);
    Py_INCREF(&IndexType);
    if (PyModule_AddObject(m, "Word", (PyObject *)&WordType) < 0 ||
        PyModule_AddObject(m, "Index", (PyObject *)&IndexType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddFunctions(m, skeleton_methods) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    PyModule_AddIntConstant(m, "MAX_WORDS", MAX_WORDS);
    PyModule_AddIntConstant(m, "TYPE_ORGANIZATION", TYPE_ORGANIZATION);
#ifdef ENGINE_SOURCES
    PyModule_AddStringConstant(m, "SOURCES", ENGINE_SOURCES);
#else
    PyModule_AddStringConstant(m, "SOURCES", "");
#endif
    return m;
}
