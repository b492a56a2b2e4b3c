#pragma once
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncurses.h>
#include <langinfo.h>
#include <locale.h>

// Swift 6 refuses ncurses' mutable globals and cannot import its function-like macros:
// these accessors are the only way the console reaches them.

static inline WINDOW *ul_stdscr(void) { return stdscr; }
static inline int ul_lines(void) { return LINES; }
static inline int ul_cols(void) { return COLS; }
static inline int ul_colors(void) { return COLORS; }
static inline int ul_color_pairs(void) { return COLOR_PAIRS; }
static inline int ul_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int ul_getmaxx(WINDOW *w) { return getmaxx(w); }

static inline attr_t ul_a_normal(void) { return A_NORMAL; }
static inline attr_t ul_a_bold(void) { return A_BOLD; }
static inline attr_t ul_a_dim(void) { return A_DIM; }
static inline attr_t ul_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ul_a_reverse(void) { return A_REVERSE; }

static inline int ul_key_f(int n) { return KEY_F(n); }

/// Sets the attributes and colour pair for the text that follows (pairs beyond 255 work).
static inline int ul_attr_set(attr_t attrs, int pair) {
    return attr_set(attrs, (short)(pair < 32767 ? pair : 0), (void *)&pair);
}

/// True when the locale chosen by setlocale() encodes text as UTF-8.
static inline int ul_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != 0 && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}

static inline WINDOW *ul_curscr(void) { return curscr; }

/// Asks for clicks and wheel events (where the terminal reports them); 0 when it cannot.
static inline int ul_mouse_on(void) {
    mouseinterval(0);
    return mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL) != 0;
}

/// Reads the pending mouse event after KEY_MOUSE: kind 1 click, 4 wheel up, 5 wheel down, 0 other.
static inline int ul_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}

/// newterm() on the process's standard output and input (NULL when TERM is unusable).
static inline SCREEN *ul_newterm(void) { return newterm(NULL, stdout, stdin); }
