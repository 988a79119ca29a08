/* Python object types of the engine. */
#ifndef WATCHLIST_MODULE_H
#define WATCHLIST_MODULE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "score.h"

#define MAX_ALT 8

typedef struct {
    PyObject_HEAD Word w;
    char *buf; /* owns the strings and arrays w points to */
} WordObject;

extern PyTypeObject WordType;
extern PyTypeObject IndexType;

/* A Name and the storage it points to. */
typedef struct NameBuf {
    Name name;
    Word words[MAX_WORDS], comps[MAX_WORDS];
    double weight[MAX_WORDS];
    int ci[MAX_WORDS], cj[MAX_WORDS];
    int32_t rel_j[MAX_WORDS], rel_run[MAX_WORDS + 1], runs[MAX_WORDS * 4];
} NameBuf;

/* weights NULL: left for the caller to set (an index weighs query words itself) */
int name_from_python(PyObject *words, PyObject *weights, PyObject *comps, PyObject *rels, NameBuf *b);
PyObject *pairs_to_list(const Pair *pairs, int np);
PyObject *py_word_keys(PyObject *mod, PyObject *args);
/* compound.c */
PyObject *py_compound_args(PyObject *mod, PyObject *args);
PyObject *py_compound_word(PyObject *mod, PyObject *args);
PyObject *py_set_compound_tables(PyObject *mod, PyObject *args);

#endif
