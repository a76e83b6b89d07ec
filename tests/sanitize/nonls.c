/*
 * nonls.c -- identity replacements for glibc's gettext entry points, preloaded
 * (after the ASan runtime) into the sanitized test server by
 * tests/sanitize/lib.sh.
 *
 * With libclang_rt.asan preloaded into the uninstrumented server binary,
 * glibc's bindtextdomain() deadlocks on its own _nl_state_lock as the server
 * starts (set_pglocale_pgservice; even "postgres -V" hangs, whatever
 * LC_MESSAGES says).  Test servers run with LC_MESSAGES=C, where gettext
 * returns its msgid anyway, so these replacements change no message.
 */
#include <stddef.h>

char	   *bindtextdomain(const char *domain, const char *dirname);
char	   *bind_textdomain_codeset(const char *domain, const char *codeset);
char	   *textdomain(const char *domain);
char	   *gettext(const char *msgid);
char	   *dgettext(const char *domain, const char *msgid);
char	   *dcgettext(const char *domain, const char *msgid, int category);
char	   *ngettext(const char *msgid, const char *plural, unsigned long n);
char	   *dngettext(const char *domain, const char *msgid, const char *plural,
					  unsigned long n);
char	   *dcngettext(const char *domain, const char *msgid, const char *plural,
					   unsigned long n, int category);

/* bindtextdomain: report the directory as bound, bind nothing */
char *
bindtextdomain(const char *domain, const char *dirname)
{
	(void) domain;
	return (char *) dirname;
}

/* bind_textdomain_codeset: report the codeset as bound */
char *
bind_textdomain_codeset(const char *domain, const char *codeset)
{
	(void) domain;
	return (char *) codeset;
}

/* textdomain: report the domain as current */
char *
textdomain(const char *domain)
{
	return (char *) (domain ? domain : "messages");
}

/* gettext family: the untranslated message */
char *
gettext(const char *msgid)
{
	return (char *) msgid;
}

char *
dgettext(const char *domain, const char *msgid)
{
	(void) domain;
	return (char *) msgid;
}

char *
dcgettext(const char *domain, const char *msgid, int category)
{
	(void) domain;
	(void) category;
	return (char *) msgid;
}

char *
ngettext(const char *msgid, const char *plural, unsigned long n)
{
	return (char *) (n == 1 ? msgid : plural);
}

char *
dngettext(const char *domain, const char *msgid, const char *plural, unsigned long n)
{
	(void) domain;
	return (char *) (n == 1 ? msgid : plural);
}

char *
dcngettext(const char *domain, const char *msgid, const char *plural,
		   unsigned long n, int category)
{
	(void) domain;
	(void) category;
	return (char *) (n == 1 ? msgid : plural);
}
