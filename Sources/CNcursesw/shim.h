// Thin shim over ncursesw: static inline stand-ins for macros and mutable globals that
// Swift 6 cannot import (A_* attribute bits, stdscr/LINES/COLS, ACS_*).
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline int    sn_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int    sn_a_bold(void)      { return (int)A_BOLD; }
static inline int    sn_a_reverse(void)   { return (int)A_REVERSE; }
static inline int    sn_a_dim(void)       { return (int)A_DIM; }
static inline int    sn_a_underline(void) { return (int)A_UNDERLINE; }
static inline WINDOW *sn_stdscr(void)     { return stdscr; }
static inline int    sn_lines(void)       { return LINES; }
static inline int    sn_cols(void)        { return COLS; }
static inline int    sn_colors(void)      { return COLORS; }
static inline void   sn_set_escdelay(int ms) { set_escdelay(ms); }
extern int wcwidth(wchar_t c);

// terminfo (libtinfo, linked through libncursesw's linker script): whether TERM's entry can
// address the cursor ("cup"). TERM=dumb cannot, and curses would draw garbage on it.
extern int setupterm(const char *term, int filedes, int *errret);
// term NULL: $TERM.
static inline int sn_has_cursor_addressing(const char *term) {
    int err = 0;
    if (setupterm(term, 1, &err) != 0 || err != 1) return 0;
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
