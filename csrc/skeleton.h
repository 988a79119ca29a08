/* Consonant skeletons of Latin words (skeleton.c): the module functions latin_skeleton,
 * slavic_skeleton, interdental_skeleton and set_skeleton_reference. */
#ifndef WATCHLIST_SKELETON_H
#define WATCHLIST_SKELETON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

extern PyMethodDef skeleton_methods[];

#endif
