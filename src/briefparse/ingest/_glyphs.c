/* The per-character loops of the PDF reader, in C: reading a page's glyphs (pdf._pdfium_glyphs) and
 * joining a line's glyphs into text (pdf_layout._plain_pieces).
 *
 * Reading a page's glyphs takes several pdfium calls per character; through ctypes each call costs
 * about half a microsecond of Python, which made this loop the largest single cost of reading a PDF.
 * This module makes the same calls from C and builds the same Glyph tuples.  It does not link against
 * pdfium: Python passes the addresses of the pdfium functions that pypdfium2 has already loaded.
 * The Python loop in pdf.py stays the reference and the fallback; tests compare the two glyph by glyph.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct { float left, top, right, bottom; } rectf;          /* FS_RECTF */
typedef struct { float a, b, c, d, e, f; } matrixf;                /* FS_MATRIX */

typedef int (*count_chars_fn)(void *);
typedef int (*get_text_fn)(void *, int, int, unsigned short *);
typedef unsigned int (*get_unicode_fn)(void *, int);
typedef int (*is_generated_fn)(void *, int);
typedef int (*loose_box_fn)(void *, int, rectf *);
typedef void *(*text_object_fn)(void *, int);
typedef int (*char_origin_fn)(void *, int, double *, double *);
typedef int (*get_matrix_fn)(void *, int, matrixf *);
typedef double (*font_size_fn)(void *, int);
typedef int (*font_weight_fn)(void *, int);

/* what is known of one text object: its style (size, bold, quarter turns) and the baseline drop */
typedef struct {
    void *key;
    PyObject *size;   /* a float, owned */
    int bold, turn, has_style, has_drop;
    double drop;
} object_state;

typedef struct { object_state *slots; size_t mask; } object_table;

static object_state *table_get(object_table *t, void *key) {
    size_t i = ((uintptr_t)key >> 4) * 11400714819323198485ull & t->mask;
    while (t->slots[i].key && t->slots[i].key != key) i = (i + 1) & t->mask;
    t->slots[i].key = key;
    return &t->slots[i];
}

static void table_free(object_table *t) {
    for (size_t i = 0; i <= t->mask; i++) Py_XDECREF(t->slots[i].size);
    free(t->slots);
}

/* Python's float % for a positive divisor: the result has the divisor's sign */
static double py_mod(double v, double w) {
    double mod = fmod(v, w);
    if (mod) { if ((w < 0) != (mod < 0)) mod += w; }
    else mod = copysign(0.0, w);
    return mod;
}

/* Python's float // (CPython's float_floor_div) */
static double py_floordiv(double v, double w) {
    double mod = fmod(v, w);
    double div = (v - mod) / w;
    if (mod) { if ((w < 0) != (mod < 0)) div -= 1.0; }
    double floordiv;
    if (div) { floordiv = floor(div); if (div - floordiv > 0.5) floordiv += 1.0; }
    else floordiv = copysign(0.0, v / w);
    return floordiv;
}

/* pdf.quarter_turns: int(((degrees(atan2(b, a)) % 360 + 45) % 360) // 90) */
static int quarter_turns(double a, double b) {
    double angle = py_mod(atan2(b, a) * (180.0 / Py_MATH_PI), 360.0);
    return (int)py_floordiv(py_mod(angle + 45.0, 360.0), 90.0);
}

typedef struct {
    count_chars_fn count_chars; get_text_fn get_text; get_unicode_fn get_unicode;
    is_generated_fn is_generated; loose_box_fn loose_box; text_object_fn text_object;
    char_origin_fn char_origin; get_matrix_fn get_matrix; font_size_fn font_size; font_weight_fn font_weight;
} pdfium_fns;

static int read_fns(PyObject *tuple, pdfium_fns *f) {
    void **slots = (void **)f;
    Py_ssize_t n = sizeof(pdfium_fns) / sizeof(void *);
    if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) != n) {
        PyErr_Format(PyExc_TypeError, "expected a tuple of %zd function addresses", n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        slots[i] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(tuple, i));
        if (!slots[i]) { if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null function address"); return -1; }
    }
    return 0;
}

/* The code points of a text page: one bulk call, or one call per char if the bulk text does not align */
static unsigned int *page_codes(const pdfium_fns *f, void *tp, int n) {
    unsigned int *codes = malloc(sizeof(unsigned int) * (size_t)(n + 1));
    unsigned short *buf = malloc(sizeof(unsigned short) * (size_t)(n + 1));
    if (!codes || !buf) { free(codes); free(buf); return NULL; }
    int got = f->get_text(tp, 0, n, buf);
    int aligned = got == n + 1;
    for (int k = 0; aligned && k < n; k++) {
        if (buf[k] >= 0xD800 && buf[k] <= 0xDFFF) aligned = 0;
        codes[k] = buf[k];
    }
    if (!aligned) for (int k = 0; k < n; k++) codes[k] = f->get_unicode(tp, k);
    free(buf);
    return codes;
}

/* A Glyph (a NamedTuple) with the given fields; steals nothing, returns a new reference */
static PyObject *make_glyph(PyTypeObject *type, PyObject *text, double x0, double x1, double base, PyObject *size,
                            int bold) {
    PyObject *g = type->tp_alloc(type, 7);
    if (!g) return NULL;
    PyObject *fx0 = PyFloat_FromDouble(x0), *fx1 = PyFloat_FromDouble(x1), *fbase = PyFloat_FromDouble(base);
    if (!fx0 || !fx1 || !fbase) { Py_XDECREF(fx0); Py_XDECREF(fx1); Py_XDECREF(fbase); Py_DECREF(g); return NULL; }
    PyObject *fbold = bold ? Py_True : Py_False;
    PyObject *zero = PyLong_FromLong(0);
    Py_INCREF(text); Py_INCREF(size); Py_INCREF(fbold);
    PyTuple_SET_ITEM(g, 0, text); PyTuple_SET_ITEM(g, 1, fx0); PyTuple_SET_ITEM(g, 2, fx1);
    PyTuple_SET_ITEM(g, 3, fbase); PyTuple_SET_ITEM(g, 4, size); PyTuple_SET_ITEM(g, 5, fbold);
    PyTuple_SET_ITEM(g, 6, zero);
    return g;
}

static int append_new(PyObject *out, PyObject *item) {
    if (!item) return -1;
    int rc = PyList_Append(out, item);
    Py_DECREF(item);
    return rc;
}

PyDoc_STRVAR(page_glyphs_doc,
"page_glyphs(fns, textpage, height, glyph_type, char_text, turned_glyph, out)\n"
"Append the glyphs of one pdfium text page to ``out``, exactly as pdf._pdfium_glyphs does.");

static PyObject *page_glyphs(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *fns_tuple, *tp_obj, *char_text, *turned_glyph, *out;
    PyTypeObject *glyph_type;
    double height;
    if (!PyArg_ParseTuple(args, "OOdO!OOO!", &fns_tuple, &tp_obj, &height, &PyType_Type, &glyph_type, &char_text,
                          &turned_glyph, &PyList_Type, &out))
        return NULL;
    pdfium_fns f;
    if (read_fns(fns_tuple, &f) < 0) return NULL;
    void *tp = PyLong_AsVoidPtr(tp_obj);
    if (!tp) { if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null text page"); return NULL; }

    int n = f.count_chars(tp);
    if (n <= 0) Py_RETURN_NONE;
    unsigned int *codes = page_codes(&f, tp, n);
    size_t cap = 16;
    while (cap < (size_t)n * 2) cap <<= 1;
    object_table objects = {calloc(cap, sizeof(object_state)), cap - 1};
    PyObject *texts = PyDict_New();  /* code → text (or None) */
    PyObject *space = PyUnicode_FromString(" ");
    if (!codes || !objects.slots || !texts || !space) {
        free(codes); free(objects.slots); Py_XDECREF(texts); Py_XDECREF(space);
        return PyErr_NoMemory();
    }
    int failed = 0;
    PyObject *bmp[256] = {0};  /* text of codes below 256, borrowed from ``texts``: the common case, no lookup */
    for (int k = 0; k < n && !failed; k++) {
        PyObject *text = codes[k] < 256 ? bmp[codes[k]] : NULL;
        if (!text) {
            PyObject *key = PyLong_FromUnsignedLong(codes[k]);
            if (!key) { failed = 1; break; }
            text = PyDict_GetItemWithError(texts, key);  /* borrowed */
            if (!text) {
                if (PyErr_Occurred() || !(text = PyObject_CallOneArg(char_text, key))
                    || PyDict_SetItem(texts, key, text) < 0) { Py_XDECREF(text); Py_DECREF(key); failed = 1; break; }
                Py_DECREF(text);  /* the dict holds it */
            }
            Py_DECREF(key);
            if (codes[k] < 256) bmp[codes[k]] = text;
        }
        if (text == Py_None) continue;
        if ((text == space || PyUnicode_Compare(text, space) == 0) && f.is_generated(tp, k) == 1) continue;
        if (PyErr_Occurred()) { failed = 1; break; }

        rectf rect;
        f.loose_box(tp, k, &rect);
        void *obj = f.text_object(tp, k);
        object_state *st = obj ? table_get(&objects, obj) : NULL;
        double left = rect.left, right = rect.right, bottom = rect.bottom, top = rect.top;
        double x0 = left <= right ? left : right, x1 = left <= right ? right : left;
        if (st && st->has_drop && x1 - x0 >= 0.01) {  /* the common glyph: style and drop known */
            if (append_new(out, make_glyph(glyph_type, text, x0, x1, height - (bottom + st->drop), st->size,
                                           st->bold)) < 0) failed = 1;
            continue;
        }
        object_state local = {0};
        object_state *style = st && st->has_style ? st : NULL;
        if (!style) {  /* size and weight belong to the text object: asked once per object */
            matrixf m;
            f.get_matrix(tp, k, &m);
            double det = fabs((double)m.a * (double)m.d - (double)m.b * (double)m.c);
            double scale = pow(det, 0.5);
            if (scale == 0.0) scale = 1.0;
            style = st ? st : &local;
            Py_XDECREF(style->size);
            style->size = PyFloat_FromDouble(f.font_size(tp, k) * scale);
            if (!style->size) { failed = 1; break; }
            style->bold = f.font_weight(tp, k) >= 600;
            style->turn = quarter_turns((double)m.a, (double)m.b);
            style->has_style = 1;
        }
        double ox = 0.0, oy = 0.0, base;
        if (!(st && st->has_drop) || style->turn || x1 - x0 < 0.01) {
            f.char_origin(tp, k, &ox, &oy);
            if (st && !style->turn) { st->drop = oy - bottom; st->has_drop = 1; }
            base = height - oy;
        } else {
            base = height - (bottom + st->drop);
        }
        if (style->turn) {  /* rotated text: the Python helper puts it in its own reading frame */
            PyObject *res = PyObject_CallFunction(turned_glyph, "O(dddd)(dd)d(OOi)", text, left, right, bottom, top,
                                                  ox, oy, height, style->size, style->bold ? Py_True : Py_False,
                                                  style->turn);
            if (append_new(out, res) < 0) failed = 1;
        } else {
            if (x1 - x0 < 0.01) x0 = x1 = ox;
            if (append_new(out, make_glyph(glyph_type, text, x0, x1, base, style->size, style->bold)) < 0) failed = 1;
        }
        if (style == &local) Py_CLEAR(local.size);
    }
    free(codes);
    table_free(&objects);
    Py_DECREF(texts);
    Py_DECREF(space);
    if (failed) return NULL;
    Py_RETURN_NONE;
}

PyDoc_STRVAR(plain_text_doc,
"plain_text(glyphs, space, between) -> str\n"
"The text of x-sorted glyphs with no raised call, exactly as pdf_layout._plain_pieces joins it: a space\n"
"where a space glyph was, none between letters closer than 0.1 size, one at a gap wider than 0.2 size\n"
"(not between CJK characters closer than 0.5), and ``between(prev, glyph)`` asked for every other gap.");

/* item i of a list of Glyphs (borrowed), or NULL with a TypeError if it is not a 7-field Glyph tuple */
static PyObject *glyph_at(PyObject *gs, Py_ssize_t i) {
    PyObject *g = PyList_GET_ITEM(gs, i);
    if (PyTuple_Check(g) && PyTuple_GET_SIZE(g) >= 7) return g;
    PyErr_SetString(PyExc_TypeError, "expected Glyph tuples");
    return NULL;
}

/* a float field of a Glyph tuple (ints as well, as the Python code would take them) */
static int glyph_float(PyObject *g, Py_ssize_t i, double *out) {
    PyObject *v = PyTuple_GET_ITEM(g, i);
    *out = PyFloat_CheckExact(v) ? PyFloat_AS_DOUBLE(v) : PyFloat_AsDouble(v);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* pdf_layout.is_cjk: CJK ideographs, kana, hangul and full-width CJK punctuation */
static int is_cjk(Py_UCS4 o) {
    return (0x2E80 <= o && o <= 0x9FFF) || (0xAC00 <= o && o <= 0xD7AF) || (0xF900 <= o && o <= 0xFAFF)
           || (0xFF00 <= o && o <= 0xFFEF) || (0x20000 <= o && o <= 0x2FA1F) || (0x3000 <= o && o <= 0x303F);
}

/* the last (or first) character of a glyph's text, 'a' for an empty or non-str text (as text[-1:] or "a") */
static Py_UCS4 edge_char(PyObject *text, int last) {
    if (!PyUnicode_Check(text) || PyUnicode_GET_LENGTH(text) == 0) return 'a';
    return PyUnicode_READ_CHAR(text, last ? PyUnicode_GET_LENGTH(text) - 1 : 0);
}

typedef struct { double x0, x1; Py_ssize_t i; } span;

static int by_x0_then_index(const void *a, const void *b) {
    const span *p = a, *q = b;
    if (p->x0 < q->x0) return -1;
    if (p->x0 > q->x0) return 1;
    return (p->i > q->i) - (p->i < q->i);  /* equal x0: stream order, as Python's stable sort keeps it */
}

/* str.isspace(): at least one character, all whitespace */
static int text_isspace(PyObject *text) {
    if (!PyUnicode_Check(text)) return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0) return 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(text, i))) return 0;
    return 1;
}

/* Whether the gap from ``prev`` to ``g`` (neighbouring ink glyphs, no space glyph between them) is a word
 * space, as pdf_layout._space_between decides it: 1 or 0, -1 on an error (see plain_text_doc) */
static int word_space(PyObject *prev, PyObject *g, PyObject *between) {
    double x0, x1, sa, sb;
    if (glyph_float(g, 1, &x0) < 0 || glyph_float(prev, 2, &x1) < 0 || glyph_float(prev, 4, &sa) < 0
        || glyph_float(g, 4, &sb) < 0) return -1;
    double gap = x0 - x1, m = sa < sb ? sa : sb;
    if (m > 0 && gap <= 0.1 * m) return 0;  /* two letters of a word */
    if (!isnan(sa) && !isnan(sb) && m > 0 && gap > 0.2 * m)
        /* a word space, unless between two CJK characters closer than half their size
         * (pdf_layout._space_between for a gap wider than WORD_GAP) */
        return gap > 0.5 * m || !(is_cjk(edge_char(PyTuple_GET_ITEM(prev, 0), 1))
                                  && is_cjk(edge_char(PyTuple_GET_ITEM(g, 0), 0)));
    /* a narrow gap (the line's letter gap decides), or sizes that are not positive */
    PyObject *r = PyObject_CallFunctionObjArgs(between, prev, g, NULL);
    if (!r) return -1;
    int add = PyObject_IsTrue(r);
    Py_DECREF(r);
    return add;
}

/* The text of x-sorted glyphs ``gs`` whose space flags are ``space`` (see plain_text_doc) */
static PyObject *join_plain(PyObject *gs, const char *space, PyObject *between) {
    Py_ssize_t n = PyList_GET_SIZE(gs);
    PyObject *parts = PyList_New(0), *blank = PyUnicode_FromString(" ");
    if (!parts || !blank) { Py_XDECREF(parts); Py_XDECREF(blank); return NULL; }
    PyObject *prev = NULL;  /* borrowed from gs */
    int pending = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) goto fail;
        if (space[i]) { pending = prev != NULL; continue; }
        if (prev) {
            int add = pending ? 1 : word_space(prev, g, between);
            if (add < 0) goto fail;
            if (add && PyList_Append(parts, blank) < 0) goto fail;
        }
        if (PyList_Append(parts, PyTuple_GET_ITEM(g, 0)) < 0) goto fail;
        prev = g;
        pending = 0;
    }
    PyObject *empty = PyUnicode_FromString("");
    PyObject *text = empty ? PyUnicode_Join(empty, parts) : NULL;
    Py_XDECREF(empty);
    Py_DECREF(parts);
    Py_DECREF(blank);
    return text;
fail:
    Py_DECREF(parts);
    Py_DECREF(blank);
    return NULL;
}

/* Close the piece being built: append (joined ``parts``, flag) to ``out`` and empty ``parts``; -1 on an error */
static int flush_piece(PyObject *out, PyObject *parts, int sup) {
    PyObject *empty = PyUnicode_FromString("");
    PyObject *text = empty ? PyUnicode_Join(empty, parts) : NULL;
    Py_XDECREF(empty);
    if (!text) return -1;
    PyObject *piece = Py_BuildValue("(NO)", text, sup ? Py_True : Py_False);
    if (append_new(out, piece) < 0) return -1;
    return PyList_SetSlice(parts, 0, PyList_GET_SIZE(parts), NULL);
}

/* pdf_layout._pieces_of for a line with calls: the (text, superscript) pieces of x-sorted glyphs ``gs``,
 * a piece per run of glyphs with the same ``sup`` flag; no space before a call, a space after one only where
 * a space glyph or a word gap is (spaces decided as join_plain decides them) */
static PyObject *join_pieces(PyObject *gs, const char *space, const char *sup, PyObject *between) {
    Py_ssize_t n = PyList_GET_SIZE(gs);
    PyObject *out = PyList_New(0), *parts = PyList_New(0), *blank = PyUnicode_FromString(" ");
    if (!out || !parts || !blank) goto fail;
    PyObject *prev = NULL;  /* borrowed from gs */
    int pending = 0, cur = -1;  /* cur: the flag of the piece being built, -1 before the first */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) goto fail;
        if (space[i]) { pending = prev != NULL; continue; }
        int brk = 0;
        if (prev && !sup[i]) {
            brk = pending ? 1 : word_space(prev, g, between);
            if (brk < 0) goto fail;
        }
        if (brk) {  /* a space opens a plain piece, or joins the plain piece being built */
            if (cur != 0) {
                if (cur >= 0 && flush_piece(out, parts, cur) < 0) goto fail;
                cur = 0;
            }
            if (PyList_Append(parts, blank) < 0) goto fail;
        }
        if (cur != sup[i]) {
            if (cur >= 0 && flush_piece(out, parts, cur) < 0) goto fail;
            cur = sup[i];
        }
        if (PyList_Append(parts, PyTuple_GET_ITEM(g, 0)) < 0) goto fail;
        prev = g;
        pending = 0;
    }
    if (cur >= 0 && flush_piece(out, parts, cur) < 0) goto fail;
    Py_DECREF(parts);
    Py_DECREF(blank);
    return out;
fail:
    Py_XDECREF(out);
    Py_XDECREF(parts);
    Py_XDECREF(blank);
    return NULL;
}

static PyObject *plain_text(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs, *space, *between;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyList_Type, &gs, &PyList_Type, &space, &between)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(gs);
    if (PyList_GET_SIZE(space) != n) { PyErr_SetString(PyExc_ValueError, "glyphs and space differ in length"); return NULL; }
    char *flags = PyMem_Malloc((size_t)(n ? n : 1));
    if (!flags) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        int sp = PyObject_IsTrue(PyList_GET_ITEM(space, i));
        if (sp < 0) { PyMem_Free(flags); return NULL; }
        flags[i] = (char)sp;
    }
    PyObject *text = join_plain(gs, flags, between);
    PyMem_Free(flags);
    return text;
}

PyDoc_STRVAR(plain_line_doc,
"plain_line(gs, seg_gap, between) -> tuple | None\n"
"The usual line, in one pass over its x-sorted glyphs: every ink glyph one size, no gap between ink glyphs\n"
"wider than ``seg_gap``, every coordinate a number. Returns (text, first ink x0, min x0, max x1, size,\n"
"the median ink baseline, bold ink glyphs, ink glyphs), or None for any other line,\n"
"which pdf_layout.make_line then lays out in Python.");

static PyObject *plain_line(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs, *between;
    double seg_gap;
    if (!PyArg_ParseTuple(args, "O!dO", &PyList_Type, &gs, &seg_gap, &between)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(gs), ink = 0, bolds = 0;
    char *space = PyMem_Malloc((size_t)(n ? n : 1));
    span *bases = PyMem_Malloc(sizeof(span) * (size_t)(n ? n : 1));  /* (base, -, ink index) */
    if (!space || !bases) { PyMem_Free(space); PyMem_Free(bases); return PyErr_NoMemory(); }
    double first_x0 = 0, lo = 0, hi = 0, size = 0, base = 0, max_gap = 0, prev_x1 = 0;
    int same_base = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) { PyMem_Free(space); PyMem_Free(bases); return NULL; }
        space[i] = (char)text_isspace(PyTuple_GET_ITEM(g, 0));
        if (space[i]) continue;
        double x0, x1, b, sz;
        if (glyph_float(g, 1, &x0) < 0 || glyph_float(g, 2, &x1) < 0 || glyph_float(g, 3, &b) < 0
            || glyph_float(g, 4, &sz) < 0) { PyMem_Free(space); PyMem_Free(bases); return NULL; }
        if (!isfinite(x0) || !isfinite(x1) || !isfinite(b) || !isfinite(sz)) goto other;
        int bold = PyObject_IsTrue(PyTuple_GET_ITEM(g, 5));
        if (bold < 0) { PyMem_Free(space); PyMem_Free(bases); return NULL; }
        if (ink == 0) {
            first_x0 = lo = x0; hi = x1; size = sz; base = b;
        } else {
            if (sz != size) goto other;  /* more than one size: raised calls may be there */
            double gap = x0 - prev_x1;
            if (ink == 1 || gap > max_gap) max_gap = gap;
            if (x0 < lo) lo = x0;
            if (x1 > hi) hi = x1;
            if (b != base) same_base = 0;
        }
        prev_x1 = x1;
        bases[ink].x0 = b;
        bases[ink].x1 = 0;
        bases[ink].i = ink;
        bolds += bold;
        ink++;
    }
    if (ink == 0 || (ink > 1 && max_gap > seg_gap)) goto other;  /* no ink, or several segments */
    PyObject *text = join_plain(gs, space, between);
    PyMem_Free(space);
    /* statistics.median of the ink baselines (a stable sort: equal ones stay in line order, so with all of
     * them equal this is also median_of's middle value as printed) */
    if (!same_base) qsort(bases, (size_t)ink, sizeof(span), by_x0_then_index);
    double mid = ink % 2 ? bases[ink / 2].x0 : (bases[ink / 2 - 1].x0 + bases[ink / 2].x0) / 2;
    PyMem_Free(bases);
    if (!text) return NULL;
    return Py_BuildValue("(Ndddddnn)", text, first_x0, lo, hi, size, mid, bolds, ink);
other:
    PyMem_Free(space);
    PyMem_Free(bases);
    Py_RETURN_NONE;
}

/* pdf_layout.CALL_RE.match(text.strip()): digits, then digits, whitespace, ',', '-' or '–'; or only note marks
 * (re's \d and \s and str.strip as CPython defines them: decimal digits, and Py_UNICODE_ISSPACE) */
static int is_call_text(PyObject *text) {
    Py_ssize_t lo = 0, hi = PyUnicode_GET_LENGTH(text);
    while (lo < hi && Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(text, lo))) lo++;
    while (hi > lo && Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(text, hi - 1))) hi--;
    if (lo == hi) return 0;
    if (Py_UNICODE_ISDECIMAL(PyUnicode_READ_CHAR(text, lo))) {
        for (Py_ssize_t i = lo + 1; i < hi; i++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(text, i);
            if (!Py_UNICODE_ISDECIMAL(c) && !Py_UNICODE_ISSPACE(c) && c != ',' && c != '-' && c != 0x2013) return 0;
        }
        return 1;
    }
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(text, i);
        if (c != '*' && c != 0x2020 && c != 0x2021 && c != 0xA7 && c != 0xB6) return 0;  /* * † ‡ § ¶ */
    }
    return 1;
}

PyDoc_STRVAR(call_line_doc,
"call_line(gs, seg_gap, between) -> tuple | None\n"
"pdf_layout.make_line for a line of one segment whose ink glyphs may differ in size (raised note calls), in one\n"
"pass over its x-sorted glyphs: every text a str, every ink coordinate a finite float and every ink size\n"
"positive, bold flags bools, no gap between ink glyphs wider than ``seg_gap``. Returns (pieces, first ink x0,\n"
"min x0, max x1, size, the median baseline of the ink that is not a call, its bold glyphs, its glyphs, call\n"
"indices), the size being _ink_size's (rounded by float.__round__), or None for any other line.");

static PyObject *call_line(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs, *between;
    double seg_gap;
    if (!PyArg_ParseTuple(args, "O!dO", &PyList_Type, &gs, &seg_gap, &between)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(gs), ink = 0, nd = 0;
    size_t cells = (size_t)(n ? n : 1);
    char *space = PyMem_Calloc(cells, 1), *sup = PyMem_Calloc(cells, 1), *raised = PyMem_Calloc(cells, 1);
    double *sz = PyMem_Malloc(sizeof(double) * cells), *b = PyMem_Malloc(sizeof(double) * cells);
    span *mid = PyMem_Malloc(sizeof(span) * cells);  /* baselines to take the median of: (base, -, order) */
    PyObject **sizes = PyMem_Malloc(sizeof(PyObject *) * cells);  /* distinct sizes (borrowed), first seen first */
    PyObject **rounded = PyMem_Calloc(cells, sizeof(PyObject *));  /* their round(size, 1) (owned) */
    Py_ssize_t *counts = PyMem_Calloc(cells, sizeof(Py_ssize_t));
    PyObject *result = NULL, *one = NULL, *pieces = NULL, *calls = NULL;
    if (!space || !sup || !raised || !sz || !b || !mid || !sizes || !rounded || !counts) { PyErr_NoMemory(); goto done; }
    double first_x0 = 0, lo = 0, hi = 0, prev_x1 = 0, max_gap = 0;
    Py_ssize_t first_ink = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) goto done;
        PyObject *text = PyTuple_GET_ITEM(g, 0);
        if (!PyUnicode_CheckExact(text)) goto other;
        space[i] = (char)text_isspace(text);
        if (space[i]) continue;
        PyObject *fx0 = PyTuple_GET_ITEM(g, 1), *fx1 = PyTuple_GET_ITEM(g, 2), *fb = PyTuple_GET_ITEM(g, 3),
                 *fs = PyTuple_GET_ITEM(g, 4), *bold = PyTuple_GET_ITEM(g, 5);
        if (!PyFloat_CheckExact(fx0) || !PyFloat_CheckExact(fx1) || !PyFloat_CheckExact(fb) || !PyFloat_CheckExact(fs)
            || (bold != Py_True && bold != Py_False)) goto other;
        double x0 = PyFloat_AS_DOUBLE(fx0), x1 = PyFloat_AS_DOUBLE(fx1);
        b[i] = PyFloat_AS_DOUBLE(fb);
        sz[i] = PyFloat_AS_DOUBLE(fs);
        if (!isfinite(x0) || !isfinite(x1) || !isfinite(b[i]) || !isfinite(sz[i]) || !(sz[i] > 0)) goto other;
        if (ink == 0) {
            first_x0 = lo = x0; hi = x1; first_ink = i;
        } else {
            double gap = x0 - prev_x1;
            if (ink == 1 || gap > max_gap) max_gap = gap;
            if (x0 < lo) lo = x0;  /* min()/max(): the first of equal values */
            if (x1 > hi) hi = x1;
        }
        prev_x1 = x1;
        Py_ssize_t d = 0;  /* count the size (a dict compares finite float keys by value) */
        while (d < nd && PyFloat_AS_DOUBLE(sizes[d]) != sz[i]) d++;
        if (d == nd) sizes[nd++] = fs;
        counts[d]++;
        ink++;
    }
    if (ink == 0 || (ink > 1 && max_gap > seg_gap)) goto other;  /* no ink, or several segments */
    /* _ink_size: the most common size rounded to 0.1 pt, the largest on a tie (counts merged per rounded key,
     * keys in first-seen order; finite distinct keys, so the largest is one key) */
    if (!(one = PyLong_FromLong(1))) goto done;
    Py_ssize_t best = -1, best_n = 0;
    for (Py_ssize_t d = 0; d < nd; d++) {
        if (!(rounded[d] = PyObject_CallMethod(sizes[d], "__round__", "O", one))) goto done;
        if (!PyFloat_CheckExact(rounded[d])) goto other;
    }
    for (Py_ssize_t d = 0; d < nd; d++) {  /* merge counts into the first size with an equal rounded value */
        Py_ssize_t e = 0;
        while (PyFloat_AS_DOUBLE(rounded[e]) != PyFloat_AS_DOUBLE(rounded[d])) e++;
        if (e != d) { counts[e] += counts[d]; counts[d] = 0; }
    }
    for (Py_ssize_t d = 0; d < nd; d++) {
        if (!counts[d]) continue;
        if (best < 0 || counts[d] > best_n
            || (counts[d] == best_n && PyFloat_AS_DOUBLE(rounded[d]) > PyFloat_AS_DOUBLE(rounded[best]))) {
            best = d;
            best_n = counts[d];
        }
    }
    double size = PyFloat_AS_DOUBLE(rounded[best]), small = 0.9 * size;
    /* _sup_flags: raised glyphs smaller than the line, in runs (a space between two of them joins the run)
     * whose text is a call */
    Py_ssize_t nm = 0, nr = 0;
    int smaller = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (space[i]) continue;
        if (sz[i] < small) smaller = 1;
        if (fabs(sz[i] - size) < 0.3) { mid[nm].x0 = b[i]; mid[nm].x1 = 0; mid[nm].i = nm; nm++; }
    }
    if (smaller && nm) {
        qsort(mid, (size_t)nm, sizeof(span), by_x0_then_index);  /* statistics.median */
        double base = nm % 2 ? mid[nm / 2].x0 : (mid[nm / 2 - 1].x0 + mid[nm / 2].x0) / 2;
        for (Py_ssize_t i = 0; i < n; i++)
            if (!space[i] && sz[i] < small && base - b[i] > 0.1 * size) { raised[i] = 1; nr++; }
    }
    for (Py_ssize_t i = 0; nr && i < n; i++) {
        if (!raised[i]) continue;
        Py_ssize_t j = i;
        while (j + 1 < n && (raised[j + 1] || (space[j + 1] && j + 2 < n && raised[j + 2]))) j++;
        PyObject *texts = PyList_New(j + 1 - i);  /* the run's text, spaces included */
        if (!texts) goto done;
        for (Py_ssize_t k = i; k <= j; k++) {
            PyObject *t = PyTuple_GET_ITEM(PyList_GET_ITEM(gs, k), 0);
            Py_INCREF(t);
            PyList_SET_ITEM(texts, k - i, t);
        }
        PyObject *empty = PyUnicode_FromString(""), *joined = empty ? PyUnicode_Join(empty, texts) : NULL;
        Py_XDECREF(empty);
        Py_DECREF(texts);
        if (!joined) goto done;
        if (is_call_text(joined)) memset(sup + i, 1, (size_t)(j + 1 - i));
        Py_DECREF(joined);
        i = j;
    }
    /* the pieces, the call indices, and the baseline and boldness of the ink that is not a call */
    if (!(calls = PyList_New(0))) goto done;
    Py_ssize_t mains = 0, bolds = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (sup[i]) {
            PyObject *k = PyLong_FromSsize_t(i);
            if (append_new(calls, k) < 0) goto done;
        } else if (!space[i]) {
            mid[mains].x0 = b[i]; mid[mains].x1 = 0; mid[mains].i = mains; mains++;
            bolds += PyTuple_GET_ITEM(PyList_GET_ITEM(gs, i), 5) == Py_True;
        }
    }
    if (PyList_GET_SIZE(calls)) {
        pieces = join_pieces(gs, space, sup, between);
    } else {
        PyObject *text = join_plain(gs, space, between);  /* _plain_pieces: one piece, none if empty */
        if (!text) goto done;
        if (PyUnicode_GET_LENGTH(text)) {
            pieces = Py_BuildValue("[(NO)]", text, Py_False);
        } else {
            Py_DECREF(text);
            pieces = PyList_New(0);
        }
    }
    if (!pieces) goto done;
    double base;
    if (mains) {  /* median_of: statistics.median's stable sort gives the same middle values */
        qsort(mid, (size_t)mains, sizeof(span), by_x0_then_index);
        base = mains % 2 ? mid[mains / 2].x0 : (mid[mains / 2 - 1].x0 + mid[mains / 2].x0) / 2;
    } else {
        base = b[first_ink];  /* every ink glyph a call: the first one's baseline */
    }
    result = Py_BuildValue("(OdddOdnnO)", pieces, first_x0, lo, hi, rounded[best], base, bolds, mains, calls);
    goto done;
other:
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (rounded) for (Py_ssize_t d = 0; d < nd; d++) Py_XDECREF(rounded[d]);
    PyMem_Free(space); PyMem_Free(sup); PyMem_Free(raised); PyMem_Free(sz); PyMem_Free(b); PyMem_Free(mid);
    PyMem_Free(sizes); PyMem_Free(rounded); PyMem_Free(counts);
    Py_XDECREF(one); Py_XDECREF(pieces); Py_XDECREF(calls);
    return result;
}

PyDoc_STRVAR(intervals_doc,
"intervals(row, gap) -> list[tuple[float, float]] | None\n"
"pdf_layout._intervals: the x extents a row's ink covers, gaps narrower than ``gap`` merged; None when an\n"
"edge is not a number (Python's sort then defines the order).");

static PyObject *intervals(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *row;
    double gap;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &row, &gap)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(row), k = 0;
    span *ink = PyMem_Malloc(sizeof(span) * (size_t)(n ? n : 1));
    if (!ink) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(row, i);
        if (!g) { PyMem_Free(ink); return NULL; }
        if (text_isspace(PyTuple_GET_ITEM(g, 0))) continue;
        double x0, x1;
        if (glyph_float(g, 1, &x0) < 0 || glyph_float(g, 2, &x1) < 0) { PyMem_Free(ink); return NULL; }
        if (isnan(x0) || isnan(x1)) { PyMem_Free(ink); Py_RETURN_NONE; }
        ink[k].x0 = x0; ink[k].x1 = x1; ink[k].i = i; k++;
    }
    PyObject *out = PyList_New(0);
    if (!out || k == 0) { PyMem_Free(ink); return out; }
    qsort(ink, (size_t)k, sizeof(span), by_x0_then_index);
    double lo = ink[0].x0, hi = ink[0].x1;
    for (Py_ssize_t j = 1; j <= k; j++) {
        if (j < k && ink[j].x0 - hi <= gap) {
            if (ink[j].x1 > hi) hi = ink[j].x1;
            continue;
        }
        PyObject *pair = Py_BuildValue("(dd)", lo, hi);
        if (!pair || PyList_Append(out, pair) < 0) { Py_XDECREF(pair); Py_DECREF(out); PyMem_Free(ink); return NULL; }
        Py_DECREF(pair);
        if (j < k) { lo = ink[j].x0; hi = ink[j].x1; }
    }
    PyMem_Free(ink);
    return out;
}

typedef struct { double k1, k2; Py_ssize_t i; } sort_key;

static int by_keys_then_index(const void *a, const void *b) {
    const sort_key *p = a, *q = b;
    if (p->k1 < q->k1) return -1;
    if (p->k1 > q->k1) return 1;
    if (p->k2 < q->k2) return -1;
    if (p->k2 > q->k2) return 1;
    return (p->i > q->i) - (p->i < q->i);  /* equal keys: stream order, as Python's stable sort keeps it */
}

/* Sort keys by (k1, k2, i): by insertion while the keys are nearly in order (rows and pages come mostly in
 * order, a few glyphs out of place), else by qsort once the insertions pass a budget linear in n. The order is
 * total (i breaks every tie), so both give the same result. */
static void sort_keys(sort_key *keys, Py_ssize_t n) {
    Py_ssize_t budget = 8 * n + 64;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (by_keys_then_index(&keys[i - 1], &keys[i]) <= 0) continue;
        sort_key k = keys[i];
        Py_ssize_t j = i;
        while (j > 0 && by_keys_then_index(&keys[j - 1], &k) > 0) {
            keys[j] = keys[j - 1];
            j--;
        }
        keys[j] = k;
        budget -= i - j;
        if (budget < 0) {
            qsort(keys, (size_t)n, sizeof(sort_key), by_keys_then_index);
            return;
        }
    }
}

PyDoc_STRVAR(sorted_glyphs_doc,
"sorted_glyphs(glyphs, first, second) -> list | None\n"
"``sorted(glyphs, key=lambda g: (g[first], g[second]))`` for float fields; None when a key is not a number\n"
"(Python's sort then defines the order).");

static PyObject *sorted_glyphs(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs;
    Py_ssize_t first, second;
    if (!PyArg_ParseTuple(args, "O!nn", &PyList_Type, &gs, &first, &second)) return NULL;
    if (first < 0 || first > 6 || second < 0 || second > 6) {
        PyErr_SetString(PyExc_ValueError, "field index out of a Glyph");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(gs);
    sort_key *keys = PyMem_Malloc(sizeof(sort_key) * (size_t)(n ? n : 1));
    if (!keys) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) { PyMem_Free(keys); return NULL; }
        if (glyph_float(g, first, &keys[i].k1) < 0 || glyph_float(g, second, &keys[i].k2) < 0) {
            PyMem_Free(keys);
            return NULL;
        }
        if (isnan(keys[i].k1) || isnan(keys[i].k2)) { PyMem_Free(keys); Py_RETURN_NONE; }
        keys[i].i = i;
    }
    sort_keys(keys, n);
    PyObject *out = PyList_New(n);
    if (!out) { PyMem_Free(keys); return NULL; }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = PyList_GET_ITEM(gs, keys[i].i);
        Py_INCREF(g);
        PyList_SET_ITEM(out, i, g);
    }
    PyMem_Free(keys);
    return out;
}

PyDoc_STRVAR(rows_doc,
"rows(glyphs) -> list[list] | None\n"
"pdf_layout.cluster_rows on glyphs already sorted by (base, x0): rows of vertically overlapping glyphs,\n"
"top to bottom, rows of spaces only dropped; None when a baseline or size is not a number.");

static PyObject *rows(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &gs)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(gs);
    double *base = PyMem_Malloc(sizeof(double) * (size_t)(n ? n : 1));
    double *size = PyMem_Malloc(sizeof(double) * (size_t)(n ? n : 1));
    PyObject *out = NULL, *all = PyList_New(0);
    if (!base || !size || !all) goto nomem;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) goto fail;
        if (glyph_float(g, 3, &base[i]) < 0 || glyph_float(g, 4, &size[i]) < 0) goto fail;
        if (isnan(base[i]) || isnan(size[i])) { PyMem_Free(base); PyMem_Free(size); Py_DECREF(all); Py_RETURN_NONE; }
    }
    PyObject *row = NULL;  /* borrowed: the last row of ``all`` */
    double top = 0.0, bottom = 0.0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_ssize_t j = i + 1;  /* a run of equal (base, size) */
        while (j < n && base[j] == base[i] && size[j] == size[i]) j++;
        for (Py_ssize_t k = i; k < j; k++) {
            PyObject *g = PyList_GET_ITEM(gs, k);
            double t = base[k] - 0.75 * size[k], b = base[k] + 0.2 * size[k], h = b - t;
            int placed = 0;
            if (row) {
                double ov = (b < bottom ? b : bottom) - (t > top ? t : top), h_row = bottom - top;
                if (ov > 0.5 * (h < h_row ? h : h_row)) {
                    if (PyList_Append(row, g) < 0) goto fail;
                    if (t < top) top = t;
                    if (b > bottom) bottom = b;
                    placed = 1;
                }
            }
            if (!placed) {
                PyObject *fresh = PyList_New(1);
                if (!fresh) goto fail;
                Py_INCREF(g);
                PyList_SET_ITEM(fresh, 0, g);
                if (PyList_Append(all, fresh) < 0) { Py_DECREF(fresh); goto fail; }
                Py_DECREF(fresh);
                row = fresh;
                top = t;
                bottom = b;
            }
            if (h > 0.5 * h) {  /* the run's later glyphs overlap the row by their whole height: they join it */
                for (Py_ssize_t m = k + 1; m < j; m++)
                    if (PyList_Append(row, PyList_GET_ITEM(gs, m)) < 0) goto fail;
                break;
            }
        }
        i = j;
    }
    out = PyList_New(0);
    if (!out) goto fail;
    for (Py_ssize_t r = 0; r < PyList_GET_SIZE(all); r++) {
        PyObject *rw = PyList_GET_ITEM(all, r);
        int ink = 0;
        for (Py_ssize_t m = 0; m < PyList_GET_SIZE(rw) && !ink; m++)
            ink = !text_isspace(PyTuple_GET_ITEM(PyList_GET_ITEM(rw, m), 0));
        if (ink && PyList_Append(out, rw) < 0) goto fail;
    }
    PyMem_Free(base);
    PyMem_Free(size);
    Py_DECREF(all);
    return out;
nomem:
    PyErr_NoMemory();
fail:
    PyMem_Free(base);
    PyMem_Free(size);
    Py_XDECREF(all);
    Py_XDECREF(out);
    return NULL;
}

/* Mark every key (two whole numbers below 2**30 in magnitude) that another key equals, in one pass over a
 * hash table of the first index seen with each key; 0 when the table cannot be had (the caller sorts then). */
static int mark_shared_by_hash(const sort_key *keys, Py_ssize_t n, char *mark) {
    int bits = 4;
    while (((size_t)1 << bits) < (size_t)n * 2) bits++;
    size_t cap = (size_t)1 << bits, mask = cap - 1;
    uint64_t *slot_key = PyMem_Malloc(sizeof(uint64_t) * cap);
    Py_ssize_t *slot_first = PyMem_Malloc(sizeof(Py_ssize_t) * cap);
    if (!slot_key || !slot_first) { PyMem_Free(slot_key); PyMem_Free(slot_first); return 0; }
    for (size_t j = 0; j < cap; j++) slot_first[j] = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        /* -0.0 and 0.0 become the same whole number, as they compare equal in the sort */
        uint64_t k = ((uint64_t)((int64_t)keys[i].k1 + ((int64_t)1 << 31)) << 32)
                     | (uint64_t)((int64_t)keys[i].k2 + ((int64_t)1 << 31));
        size_t h = (size_t)((k * 11400714819323198485ull) >> (64 - bits));
        while (slot_first[h] >= 0 && slot_key[h] != k) h = (h + 1) & mask;
        if (slot_first[h] < 0) {
            slot_key[h] = k;
            slot_first[h] = keys[i].i;
        } else {
            mark[keys[i].i] = mark[slot_first[h]] = 1;
        }
    }
    PyMem_Free(slot_key);
    PyMem_Free(slot_first);
    return 1;
}

PyDoc_STRVAR(shared_positions_doc,
"shared_positions(glyphs, limit) -> list[int] | None\n"
"pdf_layout._shared_positions: stream indices, ascending, of glyphs whose (x0, base) in half points another\n"
"glyph shares; None when a coordinate is not finite or its half points reach ``limit``.");

static PyObject *shared_positions(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs;
    double limit;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &gs, &limit)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(gs);
    if (n < 2) return PyList_New(0);
    sort_key *keys = PyMem_Malloc(sizeof(sort_key) * (size_t)n);
    char *mark = PyMem_Calloc((size_t)n, 1);
    if (!keys || !mark) { PyMem_Free(keys); PyMem_Free(mark); return PyErr_NoMemory(); }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(gs, i);
        double x0, base;
        if (!g) { PyMem_Free(keys); PyMem_Free(mark); return NULL; }
        if (glyph_float(g, 1, &x0) < 0 || glyph_float(g, 3, &base) < 0) { PyMem_Free(keys); PyMem_Free(mark); return NULL; }
        double x = x0 * 2 + 0.5, b = base * 2 + 0.5;
        if (!isfinite(x) || !isfinite(b)) { PyMem_Free(keys); PyMem_Free(mark); Py_RETURN_NONE; }
        x = trunc(x);  /* int(): towards zero */
        b = trunc(b);
        if (fabs(x) >= limit || fabs(b) >= limit) { PyMem_Free(keys); PyMem_Free(mark); Py_RETURN_NONE; }
        keys[i].k1 = x; keys[i].k2 = b; keys[i].i = i;
    }
    if (limit > 1073741824.0 || !mark_shared_by_hash(keys, n, mark)) {  /* keys too wide to pack, or no memory */
        qsort(keys, (size_t)n, sizeof(sort_key), by_keys_then_index);
        for (Py_ssize_t j = 1; j < n; j++)
            if (keys[j].k1 == keys[j - 1].k1 && keys[j].k2 == keys[j - 1].k2) mark[keys[j].i] = mark[keys[j - 1].i] = 1;
    }
    PyMem_Free(keys);
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        if (!mark[i]) continue;
        PyObject *k = PyLong_FromSsize_t(i);
        if (!k || PyList_Append(out, k) < 0) { Py_XDECREF(k); Py_CLEAR(out); break; }
        Py_DECREF(k);
    }
    PyMem_Free(mark);
    return out;
}

PyDoc_STRVAR(row_stats_doc,
"row_stats(row) -> tuple[float, float | dict[float, int] | None, float | None, int] | None\n"
"What pdf_notes asks of a row's ink glyphs (text not whitespace), read in one pass: the largest size as max()\n"
"finds it (0.0 with no ink); the first size if every size equals it as list.count compares, else each size's\n"
"count as Counter() makes it (None with no ink, or a NaN among unequal sizes); the\n"
"median baseline as pdf_layout.median_of gives it (None with no ink, or a NaN among unequal baselines); the\n"
"number of ink glyphs. None when a text is not a str or a size or baseline not a float (Python decides then).");

/* a == b as list.count and median_of compare floats: the same object, or equal values */
static int same_float(PyObject *a, PyObject *b) { return a == b || PyFloat_AS_DOUBLE(a) == PyFloat_AS_DOUBLE(b); }

static PyObject *row_stats(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *row;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &row)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(row), ink = 0;
    span *bases = PyMem_Malloc(sizeof(span) * (size_t)(n ? n : 1));
    if (!bases) return PyErr_NoMemory();
    PyObject *top = NULL, *size0 = NULL, *base0 = NULL;  /* borrowed from the row's glyphs */
    int one_size = 1, one_base = 1, nan_base = 0, nan_size = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = glyph_at(row, i);
        if (!g) { PyMem_Free(bases); return NULL; }
        PyObject *text = PyTuple_GET_ITEM(g, 0), *b = PyTuple_GET_ITEM(g, 3), *sz = PyTuple_GET_ITEM(g, 4);
        if (!PyUnicode_CheckExact(text)) goto other;
        if (text_isspace(text)) continue;
        if (!PyFloat_CheckExact(sz) || !PyFloat_CheckExact(b)) goto other;
        if (ink == 0) {
            top = size0 = sz;
            base0 = b;
        } else {
            if (PyFloat_AS_DOUBLE(sz) > PyFloat_AS_DOUBLE(top)) top = sz;  /* max(): a later item replaces if greater */
            if (one_size && !same_float(sz, size0)) one_size = 0;
            if (one_base && !same_float(b, base0)) one_base = 0;
        }
        if (isnan(PyFloat_AS_DOUBLE(b))) nan_base = 1;
        if (isnan(PyFloat_AS_DOUBLE(sz))) nan_size = 1;
        bases[ink].x0 = PyFloat_AS_DOUBLE(b);
        bases[ink].x1 = 0;
        bases[ink].i = ink;
        ink++;
    }
    PyObject *size_out = ink && one_size ? size0 : Py_None, *base_out;
    Py_INCREF(size_out);
    if (ink && !one_size && !nan_size) {  /* sizes counted in first-seen order, keys compared as a dict does */
        Py_DECREF(size_out);
        if (!(size_out = PyDict_New())) { PyMem_Free(bases); return NULL; }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *g = PyList_GET_ITEM(row, i);
            if (text_isspace(PyTuple_GET_ITEM(g, 0))) continue;
            PyObject *sz = PyTuple_GET_ITEM(g, 4), *was = PyDict_GetItemWithError(size_out, sz);
            PyObject *now = was ? PyLong_FromSsize_t(PyLong_AsSsize_t(was) + 1) : PyErr_Occurred() ? NULL : PyLong_FromLong(1);
            if (!now || PyDict_SetItem(size_out, sz, now) < 0) {
                Py_XDECREF(now); Py_DECREF(size_out); PyMem_Free(bases); return NULL;
            }
            Py_DECREF(now);
        }
    }
    if (ink == 0 || (!one_base && nan_base)) {
        base_out = Py_None;
        Py_INCREF(base_out);
    } else {
        /* all equal: the middle value(s) in row order (median_of); else statistics.median's stable sort */
        if (!one_base) qsort(bases, (size_t)ink, sizeof(span), by_x0_then_index);
        double mid = ink % 2 ? bases[ink / 2].x0 : (bases[ink / 2 - 1].x0 + bases[ink / 2].x0) / 2;
        base_out = PyFloat_FromDouble(mid);
        if (!base_out) { Py_DECREF(size_out); PyMem_Free(bases); return NULL; }
    }
    PyMem_Free(bases);
    PyObject *top_out = top ? (Py_INCREF(top), top) : PyFloat_FromDouble(0.0);
    if (!top_out) { Py_DECREF(size_out); Py_DECREF(base_out); return NULL; }
    return Py_BuildValue("(NNNn)", top_out, size_out, base_out, ink);
other:
    PyMem_Free(bases);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(ink_size_counts_doc,
"ink_size_counts(glyphs) -> dict | None\n"
"``Counter(g.size for g in glyphs if not str.isspace(g.text))`` as a dict (sizes as keys in first-seen order,\n"
"compared as a dict compares them); None when a text is not a str (Python raises then).");

static PyObject *ink_size_counts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &gs)) return NULL;
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    PyObject *run = NULL;  /* the size of the run of glyphs being counted (borrowed), and its length */
    Py_ssize_t n = PyList_GET_SIZE(gs), len = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        PyObject *size = NULL;
        if (i < n) {
            PyObject *g = glyph_at(gs, i);
            if (!g) goto fail;
            PyObject *text = PyTuple_GET_ITEM(g, 0);
            if (!PyUnicode_Check(text)) { Py_DECREF(out); Py_RETURN_NONE; }
            if (text_isspace(text)) continue;
            size = PyTuple_GET_ITEM(g, 4);
            if (size == run) { len++; continue; }  /* the same object: the same key */
        }
        if (run) {  /* a run ends: add its length (its key was first seen at the run's start) */
            PyObject *was = PyDict_GetItemWithError(out, run);
            if (!was && PyErr_Occurred()) goto fail;
            PyObject *now = PyLong_FromSsize_t((was ? PyLong_AsSsize_t(was) : 0) + len);
            if (!now || PyDict_SetItem(out, run, now) < 0) { Py_XDECREF(now); goto fail; }
            Py_DECREF(now);
        }
        run = size;
        len = 1;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(max_size_doc,
"max_size(glyphs) -> float | None\n"
"``max(g.size for g in glyphs)`` (the same object); None when there are none or a size is not a float.");

static PyObject *max_size(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &gs)) return NULL;
    PyObject *top = NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(gs); i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) return NULL;
        PyObject *size = PyTuple_GET_ITEM(g, 4);
        if (!PyFloat_CheckExact(size)) Py_RETURN_NONE;
        if (!top || PyFloat_AS_DOUBLE(size) > PyFloat_AS_DOUBLE(top)) top = size;  /* a later item replaces if greater */
    }
    if (!top) Py_RETURN_NONE;
    Py_INCREF(top);
    return top;
}

PyDoc_STRVAR(text_counts_doc,
"text_counts(glyphs) -> tuple[int, int] | None\n"
"(glyphs whose text is not whitespace, glyphs whose text is U+FFFD or NUL); None when a text is not a str.");

static PyObject *text_counts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &gs)) return NULL;
    Py_ssize_t ink = 0, unmapped = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(gs); i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) return NULL;
        PyObject *text = PyTuple_GET_ITEM(g, 0);
        if (!PyUnicode_CheckExact(text)) Py_RETURN_NONE;
        ink += !text_isspace(text);
        if (PyUnicode_GET_LENGTH(text) == 1) {
            Py_UCS4 c = PyUnicode_READ_CHAR(text, 0);
            unmapped += c == 0xFFFD || c == 0;
        }
    }
    return Py_BuildValue("(nn)", ink, unmapped);
}

PyDoc_STRVAR(turned_doc,
"turned(glyphs) -> list\n"
"``[g for g in glyphs if g.turn]``: the glyphs printed in another direction.");

static PyObject *turned(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *gs;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &gs)) return NULL;
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out && i < PyList_GET_SIZE(gs); i++) {
        PyObject *g = glyph_at(gs, i);
        if (!g) { Py_CLEAR(out); break; }
        int t = PyObject_IsTrue(PyTuple_GET_ITEM(g, 6));
        if (t < 0 || (t && PyList_Append(out, g) < 0)) Py_CLEAR(out);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"shared_positions", shared_positions, METH_VARARGS, shared_positions_doc},
    {"rows", rows, METH_VARARGS, rows_doc},
    {"sorted_glyphs", sorted_glyphs, METH_VARARGS, sorted_glyphs_doc},
    {"intervals", intervals, METH_VARARGS, intervals_doc},
    {"page_glyphs", page_glyphs, METH_VARARGS, page_glyphs_doc},
    {"plain_text", plain_text, METH_VARARGS, plain_text_doc},
    {"plain_line", plain_line, METH_VARARGS, plain_line_doc},
    {"call_line", call_line, METH_VARARGS, call_line_doc},
    {"row_stats", row_stats, METH_VARARGS, row_stats_doc},
    {"ink_size_counts", ink_size_counts, METH_VARARGS, ink_size_counts_doc},
    {"max_size", max_size, METH_VARARGS, max_size_doc},
    {"text_counts", text_counts, METH_VARARGS, text_counts_doc},
    {"turned", turned, METH_VARARGS, turned_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_glyphs", "The per-character loops of the PDF reader, in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__glyphs(void) { return PyModule_Create(&module); }
