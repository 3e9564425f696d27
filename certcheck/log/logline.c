/* SPDX-License-Identifier: MIT */
/*
 * logline.c - one line of a gateway's log: which format it is in, where
 * its time and its message are, and what names its negotiation.  The
 * formats (strongSwan 5.9.8 unless said; libreswan 4.10):
 *
 * - strongSwan's file logger (src/libcharon/bus/listeners/file_logger.c:
 *   158-170): "[TIME ]NN[GRP] [<NAME|N> ]message", GRP followed by the
 *   level when log_level = yes ("[IKE1]"), "<N>" before the IKE_SA has a
 *   config; 6.0's JSON lines (file_logger.c:149, json = yes):
 *   {"time":...,"thread":N,"group":"IKE","level":1,"ikesa-uniqueid":"5",
 *   "ikesa-name":"conn","msg":"..."};
 * - syslog (sys_logger.c:101): "Mmm dd hh:mm:ss host charon: " before the
 *   file logger's form;
 * - charon-systemd's journal (src/charon-systemd/charon-systemd.c:144):
 *   MESSAGE with no thread or IKE_SA in it, those in fields THREAD,
 *   IKE_SA_UNIQUE_ID, IKE_SA_NAME: `journalctl -o short` shows only
 *   "Mmm dd hh:mm:ss host charon-systemd[PID]: message", `-o json` all;
 * - swanctl --log (src/swanctl/commands/log.c:36): "NN[GRP] message";
 *   swanctl --initiate (initiate.c:30): "[GRP] message";
 * - libreswan's pluto (its log file, syslog or stderr): "[TIME: ]
 *   ["ERROR: "]"conn"[N] ADDR #S: message", #S the state (the IKE SA's);
 * - Windows event text (wevtutil qe /f:text: "Event[N]:", "Date: ...";
 *   Get-WinEvent | Format-List: "TimeCreated : ..."; RasClient's
 *   one-line "CoId={...}: ..."), an event to a negotiation;
 * - anything else is another format (Clavister cOS Core's, ...).
 */
#define _DEFAULT_SOURCE /* timegm() */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "cc_common.h"
#include "log.h"

/* See cc_log.h */
const char *cc_log_format_name(enum cc_log_format f)
{
	static const char *const names[CC_LOG_FORMATS] = {
		[CC_LOG_CHARON] = "strongSwan",
		[CC_LOG_JOURNAL] = "strongSwan (journal)",
		[CC_LOG_JSON] = "strongSwan (JSON)",
		[CC_LOG_SWANCTL] = "strongSwan (swanctl)",
		[CC_LOG_PLUTO] = "libreswan pluto",
		[CC_LOG_WINDOWS] = "Windows event",
		[CC_LOG_OTHER] = "not recognised",
	};
	return f < CC_LOG_FORMATS ? names[f] : "?";
}

/* Copies the n bytes at s into dst (of size bytes), cut to fit. */
static void copy(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* ASCII classes without the locale's table: this runs for every line */
static bool digit(char c)
{
	return (unsigned)(c - '0') < 10;
}

static bool upper(char c)
{
	return (unsigned)(c - 'A') < 26;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* The month (0-11) p names, or -1. */
static int month_of(const char *p)
{
	for (int m = 0; m < 12; m++)
		if (!strncmp(p, months + 3 * m, 3))
			return m;
	return -1;
}

/* The length of a syslog time "Mmm dd hh:mm:ss[.ffffff]" at p, or 0. */
static size_t syslog_stamp(const char *p)
{
	size_t n = 15;

	if (month_of(p) < 0 || p[3] != ' ' || !(digit(p[4]) || p[4] == ' ') ||
	    !digit(p[5]) || p[6] != ' ' || p[9] != ':' || p[12] != ':' ||
	    !digit(p[13]) || !digit(p[14]))
		return 0;
	if (p[n] == '.')
		while (digit(p[++n]))
			;
	return n;
}

/* The length of "YYYY-MM-DD[T ]hh:mm:ss[.f][Z|+hh[:]mm]" at p, or 0. */
static size_t iso_stamp(const char *p)
{
	size_t n = 19;

	if (!digit(p[0]) || !digit(p[3]) || p[4] != '-' || p[7] != '-' ||
	    (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':' ||
	    !digit(p[18]))
		return 0;
	if (p[n] == '.' || p[n] == ',')
		while (digit(p[++n]))
			;
	if (p[n] == 'Z')
		n++;
	else if ((p[n] == '+' || p[n] == '-') && digit(p[n + 1]))
		n += p[n + 3] == ':' ? 6 : 5;
	return n;
}

/* See log.h */
time_t log_line_time(const struct log_line *l, int year, bool utc)
{
	struct tm tm = { 0 };
	const char *p = l->stamp;
	int off = 0;
	bool zone = false;

	if (l->usec)
		return (time_t)(l->usec / 1000000);
	if (!p)
		return 0;
	if (syslog_stamp(p)) {
		tm.tm_year = year - 1900;
		tm.tm_mon = month_of(p);
		tm.tm_mday = atoi(p + 4);
		tm.tm_hour = atoi(p + 7);
		tm.tm_min = atoi(p + 10);
		tm.tm_sec = atoi(p + 13);
	} else if (iso_stamp(p)) {
		size_t n = 19;

		tm.tm_year = atoi(p) - 1900;
		tm.tm_mon = atoi(p + 5) - 1;
		tm.tm_mday = atoi(p + 8);
		tm.tm_hour = atoi(p + 11);
		tm.tm_min = atoi(p + 14);
		tm.tm_sec = atoi(p + 17);
		if (p[n] == '.' || p[n] == ',')
			while (isdigit((unsigned char)p[++n]))
				;
		if (p[n] == 'Z') {
			zone = true;
		} else if (p[n] == '+' || p[n] == '-') {
			int h = (p[n + 1] - '0') * 10 + (p[n + 2] - '0');
			const char *m = p + n + (p[n + 3] == ':' ? 4 : 3);

			off = (h * 60 + atoi((char[3]){ m[0], m[1], 0 })) * 60;
			off = p[n] == '-' ? -off : off;
			zone = true;
		}
	} else {
		return 0;
	}
	if (zone)
		return timegm(&tm) - off;
	if (utc)
		return timegm(&tm);
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* The length of strongSwan's "NN[GRP] " or "NN[GRPL] " at p, or 0. */
static size_t thread_token(const char *p)
{
	size_t n = 0;

	while (digit(p[n]) && n < 4)
		n++;
	if (!n || n > 3 || p[n] != '[' || !upper(p[n + 1]) ||
	    !upper(p[n + 2]) || !upper(p[n + 3]))
		return 0;
	n += 4;
	if (digit(p[n]))
		n++;
	return p[n] == ']' && p[n + 1] == ' ' ? n + 2 : 0;
}

/* "<NAME|N> " or "<N> " at *p: found (l->sa), *p past it; what it names
 * is read by log_line_keys() only for the lines that matter. */
static void ike_sa_token(const char **p, struct log_line *l)
{
	const char *s = *p, *end, *d;

	if (*s != '<' || !(end = strchr(s, '>')) || end[1] != ' ')
		return;
	d = end;
	while (d > s + 1 && digit(d[-1]))
		d--;
	if (d == end || (d[-1] != '|' && d[-1] != '<'))
		return;
	l->sa = s;
	l->sa_len = (size_t)(end - s + 1);
	*p = end + 2;
}

/* See log.h */
void log_line_keys(struct log_line *l)
{
	const char *s = l->sa, *end, *bar;

	if (!s)
		return;
	end = s + l->sa_len - 1;
	bar = memchr(s, '|', (size_t)(end - s));
	if (bar) {
		copy(l->name, sizeof(l->name), s + 1, (size_t)(bar - s - 1));
		s = bar;
	}
	copy(l->key, sizeof(l->key), s + 1, (size_t)(end - s - 1));
}

/* The charon line at p (its thread token there, of length tok). */
static void charon_line(const char *p, size_t tok, struct log_line *l)
{
	l->fmt = CC_LOG_CHARON;
	l->thread = 0;
	for (size_t i = 0; i < tok && digit(p[i]); i++)
		l->thread = l->thread * 10 + (p[i] - '0');
	p += tok;
	ike_sa_token(&p, l);
	l->msg = p;
}

/* A JSON object's member as a string (numbers too), or NULL. */
static const char *member(json_object *o, const char *a, const char *b)
{
	json_object *v;

	if (json_object_object_get_ex(o, a, &v) ||
	    (b && json_object_object_get_ex(o, b, &v)))
		return json_object_get_string(v);
	return NULL;
}

/* A JSON line: the journal's (journalctl -o json) or strongSwan's JSON
 * file logger's; false when it is neither. */
static bool json_line(const char *line, struct log_line *l, char *buf)
{
	json_object *o = json_tokener_parse(line);
	const char *msg, *v;
	bool ok = false;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !(msg = member(o, "MESSAGE", "msg")))
		goto out;
	snprintf(buf, LOG_MAX_LINE, "%s", msg);
	l->msg = buf;
	l->fmt = CC_LOG_JSON;
	if ((v = member(o, "IKE_SA_UNIQUE_ID", "ikesa-uniqueid")))
		snprintf(l->key, sizeof(l->key), "%s", v);
	if ((v = member(o, "IKE_SA_NAME", "ikesa-name")))
		snprintf(l->name, sizeof(l->name), "%s", v);
	if ((v = member(o, "THREAD", "thread")))
		l->thread = atoi(v);
	if ((v = member(o, "__REALTIME_TIMESTAMP", NULL)))
		l->usec = strtoll(v, NULL, 10);
	else if ((v = member(o, "time", NULL)) && iso_stamp(v))
		l->usec = (long long)log_line_time(
				  &(struct log_line){ .stamp = v }, 0, false) *
			  1000000;
	/* pluto through the journal */
	if ((v = member(o, "SYSLOG_IDENTIFIER", "_COMM")) &&
	    !strcmp(v, "pluto"))
		l->fmt = CC_LOG_PLUTO;
	ok = true;
out:
	json_object_put(o);
	return ok;
}

/* pluto's prefix at *p: ["ERROR: "|"WARNING: "]"conn"[N] [ADDR ][#S]: ;
 * false when there is none. */
static bool pluto_prefix(const char **p, struct log_line *l)
{
	const char *s = *p, *q;

	if (!strncmp(s, "ERROR: ", 7))
		s += 7;
	else if (!strncmp(s, "WARNING: ", 9))
		s += 9;
	if (*s == '"') {
		if (!(q = strchr(s + 1, '"')))
			return false;
		snprintf(l->name, sizeof(l->name), "%.*s", (int)(q - s - 1),
			 s + 1);
		s = q + 1;
		if (*s == '[')
			s += strspn(s, "[0123456789]");
		if (*s == ' ' && s[1] != '#' && (q = strpbrk(s + 1, " :"))) {
			snprintf(l->addr, sizeof(l->addr), "%.*s",
				 (int)(q - s - 1), s + 1);
			s = q;
		}
	} else if (*s != '#') {
		return false;
	}
	if (*s == ' ')
		s++;
	if (*s == '#' && isdigit((unsigned char)s[1])) {
		q = s + 1 + strspn(s + 1, "0123456789");
		snprintf(l->key, sizeof(l->key), "%.*s", (int)(q - s), s);
		s = q;
	}
	if (*s != ':')
		return false;
	*p = s + 1 + (s[1] == ' ');
	return true;
}

/* Windows event text: the lines that begin an event, and its time. */
static bool windows_line(const char *p, struct log_line *l)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncmp(p, "Event[", 6) || !strncmp(p, "TimeCreated", 11) ||
	    strstr(p, "CoId=")) {
		l->starts_event = true;
	} else if (!strncmp(p, "Date:", 5) || !strncmp(p, "Log Name:", 9) ||
		   !strncmp(p, "Event ID:", 9) || !strncmp(p, "Id ", 3)) {
		if (!strncmp(p, "Date:", 5)) {
			p += 5 + strspn(p + 5, " \t");
			l->stamp = iso_stamp(p) ? p : NULL;
		}
	} else {
		return false;
	}
	l->fmt = CC_LOG_WINDOWS;
	l->msg = p;
	return true;
}

/* syslog's "host prog[pid]: " at p: prog (of *len bytes), *rest after
 * it; NULL when p is not that. */
static size_t name_len(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.' ||
	       p[n] == '-' || p[n] == '/')
		n++;
	return n;
}

static const char *syslog_prog(const char *p, size_t *len, const char **rest)
{
	size_t host = name_len(p), n;
	const char *prog = p + host + 1, *q;

	if (!host || p[host] != ' ' || !(n = name_len(prog)))
		return NULL;
	q = prog + n;
	if (*q == '[')
		q += 1 + strspn(q + 1, "0123456789");
	if (q[0] == ']')
		q++;
	if (q[0] != ':' || q[1] != ' ')
		return NULL;
	*len = n;
	*rest = q + 2;
	return prog;
}

/* See log.h */
void log_line_parse(const char *line, struct log_line *l, char *buf)
{
	const char *p = line, *prog = NULL, *q;
	size_t n, prog_len = 0;

	l->raw = l->msg = line;
	l->sa = NULL;
	l->stamp = NULL;
	l->usec = 0;
	l->key[0] = l->name[0] = l->addr[0] = '\0';
	l->thread = -1;
	l->starts_event = false;
	l->fmt = CC_LOG_OTHER;
	/* the file logger without time: the common case first */
	if ((n = thread_token(p))) {
		charon_line(p, n, l);
		return;
	}
	if (*p == '{') {
		if (!json_line(line, l, buf))
			l->msg = line;
		else if (l->fmt == CC_LOG_PLUTO)
			(void)pluto_prefix(&l->msg, l);
		return;
	}
	if ((n = syslog_stamp(p)) || (n = iso_stamp(p))) {
		l->stamp = p;
		p += n;
		if (*p == ':')
			p++;
		while (*p == ' ')
			p++;
		if ((n = thread_token(p))) { /* the file logger, with time */
			charon_line(p, n, l);
			return;
		}
		/* syslog's "host prog[pid]: " */
		if ((prog = syslog_prog(p, &prog_len, &q))) {
			p = q;
			if ((n = thread_token(p))) {
				charon_line(p, n, l);
				return;
			}
		}
	}
	l->msg = p;
	if (prog && ((prog_len == 14 && !strncmp(prog, "charon-systemd", 14)) ||
		     (prog_len == 6 && !strncmp(prog, "charon", 6)))) {
		l->fmt = CC_LOG_JOURNAL;
		return;
	}
	if (p[0] == '[' && isupper((unsigned char)p[1]) &&
	    isupper((unsigned char)p[2]) && isupper((unsigned char)p[3]) &&
	    p[4] == ']' && p[5] == ' ') {
		l->fmt = CC_LOG_SWANCTL;
		l->msg = p + 6;
		return;
	}
	if (pluto_prefix(&p, l) ||
	    (prog && prog_len == 5 && !strncmp(prog, "pluto", 5))) {
		l->fmt = CC_LOG_PLUTO;
		l->msg = p;
		return;
	}
	(void)windows_line(p, l);
}
