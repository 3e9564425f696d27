/* SPDX-License-Identifier: MIT */
/*
 * logread.c - see cc_log.h.  The formats read (strongSwan 5.9.8):
 *
 * - the file logger (src/libcharon/bus/listeners/file_logger.c:121):
 *   "[TIME ]NN[GRP] [<NAME|N> ]message", NN the thread, GRP the group,
 *   <NAME|N> the IKE_SA's name and unique id when ike_name = yes;
 * - syslog (sys_logger.c:101): "Mmm dd hh:mm:ss host charon: " before
 *   the same (its time carries no year: the caller's).
 *
 * A negotiation is an IKE_SA: its unique id, else (no ike_name) the
 * thread that logged it.  Lines of other formats are counted, not read.
 */
#define _DEFAULT_SOURCE /* getline(), timegm() */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cc_common.h"
#include "log.h"

/* Negotiations kept at most: more are counted as dropped (memory stays
 * bounded whatever the log's size). */
#define MAX_NEGOS 200000
/* The longest line read whole; longer ones are cut there. */
#define MAX_LINE 8192

/* See log.h */
void log_add_once(char ***v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	*v = cc_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = cc_xstrdup(s);
}

/* A syslog time "Mmm dd hh:mm:ss" at p in year, or 0. */
static time_t syslog_time(const char *p, int year)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = { 0 };
	const char *m;
	int d, h, mi, s;

	if (strlen(p) < 15 ||
	    !(m = strstr(months, (char[4]){ p[0], p[1], p[2], 0 })) ||
	    (m - months) % 3 ||
	    sscanf(p + 3, "%d %d:%d:%d", &d, &h, &mi, &s) != 4)
		return 0;
	tm.tm_year = year - 1900;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

/* The "NN[GRP] " token of a strongSwan line: where it starts, or NULL. */
static const char *thread_token(const char *line)
{
	for (const char *p = line; *p; p++) {
		const char *q = p;

		if (!isdigit((unsigned char)*q) ||
		    (p > line && isdigit((unsigned char)p[-1])))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (q - p > 3 || *q != '[' || !isupper((unsigned char)q[1]) ||
		    !isupper((unsigned char)q[2]) ||
		    !isupper((unsigned char)q[3]) || q[4] != ']' || q[5] != ' ')
			continue;
		return p;
	}
	return NULL;
}

/* The negotiation of key, found or begun (NULL past the bound). */
static struct cc_log_nego *nego_of(struct cc_log *log, const char *key,
				   time_t t)
{
	/* the newest first: a log is mostly its latest negotiations */
	for (size_t i = log->len; i-- > 0;)
		if (!strcmp(log->n[i].key, key))
			return &log->n[i];
	if (log->len >= MAX_NEGOS) {
		log->dropped++;
		return NULL;
	}
	cc_grow(&log->n, &log->cap, log->len + 1, sizeof(*log->n));
	memset(&log->n[log->len], 0, sizeof(log->n[0]));
	log->n[log->len].key = cc_xstrdup(key);
	log->n[log->len].time = t;
	log->n[log->len].sig = -1;
	return &log->n[log->len++];
}

/* One line: its format, its negotiation, what it says. */
static void read_line(struct cc_log *log, char *line, int year)
{
	const char *tok = thread_token(line), *msg, *end;
	char key[160];
	time_t t = 0;
	struct cc_log_nego *n;

	log->lines++;
	if (!tok) {
		log->unrecognised++;
		return;
	}
	if (tok - line >= 15)
		t = syslog_time(line, year);
	msg = strchr(tok, ']') + 2;
	if (msg[0] == '<' && (end = strchr(msg, '>')) &&
	    memchr(msg, '|', end - msg)) {
		snprintf(key, sizeof(key), "%.*s", (int)(end - msg - 1),
			 msg + 1);
		msg = end + 1;
		while (*msg == ' ')
			msg++;
	} else {
		snprintf(key, sizeof(key), "thread %.*s",
			 (int)(strchr(tok, '[') - tok), tok);
	}
	if ((n = nego_of(log, key, t)))
		log_take(n, msg, line);
}

/* See cc_log.h */
enum cc_err cc_log_read(struct cc_ctx *ctx, FILE *f, const char *name, int year,
			struct cc_log *log)
{
	char *line = NULL;
	size_t cap = 0, seen = 0;
	ssize_t len;

	memset(log, 0, sizeof(*log));
	while ((len = getline(&line, &cap, f)) > 0) {
		/* text only: a NUL byte in the first 64 KiB is no log */
		if (seen < 65536 && memchr(line, '\0', (size_t)len)) {
			free(line);
			return cc_fail(ctx, CC_EINPUT,
				       "'%s': not a text file (a NUL byte)",
				       name);
		}
		seen += (size_t)len;
		line[strcspn(line, "\r\n")] = '\0';
		if (strlen(line) > MAX_LINE)
			line[MAX_LINE] = '\0';
		read_line(log, line, year);
	}
	free(line);
	if (ferror(f))
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot read", name);
	return CC_SUCCESS;
}

/* See cc_log.h */
void cc_log_release(struct cc_log *log)
{
	for (size_t i = 0; i < log->len; i++) {
		struct cc_log_nego *n = &log->n[i];

		free(n->key);
		free(n->address);
		free(n->identity);
		free(n->detail);
		for (size_t k = 0; k < n->ncerts; k++)
			free(n->certs[k]);
		for (size_t k = 0; k < n->ncas; k++)
			free(n->cas[k]);
		for (size_t k = 0; k < n->nlines; k++)
			free(n->lines[k]);
		free(n->certs);
		free(n->cas);
		free(n->lines);
	}
	free(log->n);
	memset(log, 0, sizeof(*log));
}
