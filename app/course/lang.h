/* lang.h — the app's two languages. The course is French; every string the app shows is written
 * in French and English side by side, TR("Jouer", "Play"), so that switching is one flag and a
 * translation never drifts away from its original. */
#ifndef NEURONE_LANG_H
#define NEURONE_LANG_H

enum { LANG_FR, LANG_EN };

int lang_current(void);
void lang_set(int lang);
/* French unless LC_ALL, LC_MESSAGES or LANG (the first one set) starts with "en". */
int lang_from_env(void);

/* In French, each decimal point of s that sits between two digits becomes a comma ("b = 0.20"
 * gives "b = 0,20"); in English s is left as it is. Returns s. For numbers shown to the student,
 * never for code or for text read back. */
char *lang_decimals(char *s);

#define TR(fr, en) (lang_current() == LANG_EN ? (en) : (fr))

#endif
