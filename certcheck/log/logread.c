/* SPDX-License-Identifier: MIT */
/*
 * logread.c - see cc_log.h: the log streamed in blocks, its lines
 * (logline.c) grouped into negotiations, each judged (logcause.c) and let
 * go of when it ends.
 *
 * A negotiation is, by what the log names: an IKE_SA's unique id
 * (strongSwan with ike_name = yes, the journal's IKE_SA_UNIQUE_ID), a
 * pluto state (#S), a Windows event; else (strongSwan without ike_name,
 * charon-systemd's plain journal) the peer's address, taken from the
 * "received packet: from ADDR" or "initiating IKE_SA ... to ADDR" line
 * its thread logged last: a new IKE_SA_INIT from an address whose last
 * negotiation was decided begins another.
 */
#define _POSIX_C_SOURCE 200809L /* fileno(), nanosleep() */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cc_common.h"
#include "log.h"

/* Negotiations open at once: past this, the one longest quiet is closed
 * (counted as evicted).  Failures kept: past this, the oldest is let go
 * (counted as dropped; the most recent are the ones that matter). */
#define LOG_MAX_ACTIVE 1024
#define LOG_MAX_KEPT 20000
#define BUCKETS 2048
/* Threads strongSwan numbers (more share the last slot); the journal's
 * plain lines have none: slot 0 serves them. */
#define THREADS 256

struct slot {
	struct cc_log_nego n;
	char key[48]; /* what it is found by (n.key may be renamed) */
	int next;     /* in its bucket's chain, -1 at the end */
	bool used;
};

struct cc_log_active {
	struct slot slot[LOG_MAX_ACTIVE];
	int bucket[BUCKETS];
	char thread_key[THREADS][48]; /* the key each thread logged for last */
	char event_key[48];	      /* the Windows event being read */
	size_t events;
	char buf[LOG_MAX_LINE]; /* JSON lines' messages */
};

/* See log.h */
void log_add_once(char ***v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	*v = cc_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = cc_xstrdup(s);
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % BUCKETS;
}

static void nego_release(struct cc_log_nego *n)
{
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
	memset(n, 0, sizeof(*n));
}

/* Whether n was a negotiation at all: lines of a thread that name no
 * IKE_SA (the daemon's start, its plugins) are none. */
static bool is_nego(const struct cc_log_nego *n)
{
	return cc_log_failed(n) || n->established || n->identity || n->ncerts;
}

static bool wanted(const struct cc_log *log, const struct cc_log_nego *n)
{
	const char *r = log->opts.remote;

	if (log->opts.since && n->time && n->time < log->opts.since)
		return false;
	return !r || (n->address && !strcmp(n->address, r)) ||
	       (n->identity && !strcmp(n->identity, r));
}

/* n is over: counted, and kept (moved into log->n) when it failed, or
 * with all; else let go of. */
static void close_nego(struct cc_log *log, struct cc_log_nego *n)
{
	bool failed = cc_log_failed(n);

	if (!is_nego(n) || !wanted(log, n)) {
		nego_release(n);
		return;
	}
	log->negos++;
	log->established += n->established && !failed;
	log->failed += failed;
	if (failed && log->opts.done)
		log->opts.done(n, log->opts.arg);
	if (!failed && !log->opts.all) {
		nego_release(n);
		return;
	}
	if (log->len == LOG_MAX_KEPT) {
		nego_release(&log->n[0]);
		memmove(log->n, log->n + 1, --log->len * sizeof(*log->n));
		log->dropped++;
	}
	cc_grow(&log->n, &log->cap, log->len + 1, sizeof(*log->n));
	log->n[log->len++] = *n;
	memset(n, 0, sizeof(*n));
}

/* The slot of key, or -1. */
static int find(struct cc_log_active *a, const char *key)
{
	for (int i = a->bucket[hash(key)]; i >= 0; i = a->slot[i].next)
		if (!strcmp(a->slot[i].key, key))
			return i;
	return -1;
}

/* Closes slot i and frees it. */
static void close_slot(struct cc_log *log, int i)
{
	struct cc_log_active *a = log->active;
	int *p = &a->bucket[hash(a->slot[i].key)];

	while (*p != i)
		p = &a->slot[*p].next;
	*p = a->slot[i].next;
	close_nego(log, &a->slot[i].n);
	a->slot[i].used = false;
}

/* A new negotiation of key in a free slot (the quietest one closed when
 * none is free). */
static struct cc_log_nego *open_nego(struct cc_log *log, const char *key,
				     const struct log_line *l)
{
	struct cc_log_active *a = log->active;
	int free_i = -1, quiet = -1;

	for (int i = 0; i < LOG_MAX_ACTIVE && free_i < 0; i++) {
		if (!a->slot[i].used)
			free_i = i;
		else if (quiet < 0 || a->slot[i].n.last < a->slot[quiet].n.last)
			quiet = i;
	}
	if (free_i < 0) {
		close_slot(log, quiet);
		log->evicted++;
		free_i = quiet;
	}
	struct slot *s = &a->slot[free_i];
	s->used = true;
	s->n.key = cc_xstrdup(key);
	snprintf(s->key, sizeof(s->key), "%s", key);
	s->n.fmt = l->fmt;
	s->n.first = log->lines;
	s->n.sig = -1;
	s->n.time = log_line_time(l, log->opts.year, log->opts.utc);
	s->next = a->bucket[hash(key)];
	a->bucket[hash(key)] = free_i;
	return &s->n;
}

/* The address in strongSwan's "received packet: from ADDR[PORT]" or
 * "initiating IKE_SA NAME[N] to ADDR", into buf; false if l is neither. */
static bool packet_address(const char *msg, char *buf, size_t size)
{
	const char *p = NULL;

	if (!strncmp(msg, "received packet: from ", 22))
		p = msg + 22;
	else if (!strncmp(msg, "initiating IKE_SA ", 18) &&
		 (p = strstr(msg, " to ")))
		p += 4;
	if (!p)
		return false;
	snprintf(buf, size, "%.*s", (int)strcspn(p, "[ "), p);
	return true;
}

/* The first IPv4 address of a line of another format that speaks of
 * IKE, identities or certificates, into key (48 bytes); false if none. */
static bool other_address(const char *m, char *key)
{
	unsigned b[4];
	int len;

	if (!strstr(m, "IKE") && !strstr(m, "ID_") && !strstr(m, "CN=") &&
	    !strstr(m, "ertificate") && !strstr(m, "ublic key"))
		return false;
	for (const char *p = m; *p; p++) {
		if (!isdigit((unsigned char)*p) ||
		    (p > m && (isdigit((unsigned char)p[-1]) || p[-1] == '.')))
			continue;
		if (sscanf(p, "%3u.%3u.%3u.%3u%n", &b[0], &b[1], &b[2], &b[3],
			   &len) == 4 &&
		    b[0] < 256 && b[1] < 256 && b[2] < 256 && b[3] < 256) {
			snprintf(key, 48, "%.*s", len, p);
			return true;
		}
	}
	return false;
}

/* The key of l's negotiation, into key (48 bytes); false: no
 * negotiation's line. */
static bool key_of(struct cc_log *log, const struct log_line *l, char *key)
{
	struct cc_log_active *a = log->active;
	int t = l->thread < 0 ? 0 : l->thread % THREADS;

	switch (l->fmt) {
	case CC_LOG_WINDOWS:
		if (l->starts_event)
			snprintf(a->event_key, sizeof(a->event_key),
				 "event %zu", ++a->events);
		memcpy(key, a->event_key, 48);
		/* RasClient's one-line event ends with its line */
		if (strstr(l->msg, "CoId="))
			a->event_key[0] = '\0';
		return key[0] != '\0';
	case CC_LOG_OTHER:
		/* an event's text goes on until the next event, or a line
		 * of a format certcheck knows */
		if (a->event_key[0]) {
			memcpy(key, a->event_key, 48);
			return true;
		}
		/* a format certcheck does not know: by the address it names,
		 * when it speaks of IKE or certificates */
		return other_address(l->msg, key);
	case CC_LOG_PLUTO:
		if (!l->key[0])
			return false;
		memcpy(key, l->key, 48);
		return true;
	default:
		break;
	}
	a->event_key[0] = '\0';
	if (l->key[0]) {
		/* "<1>" and, once the IKE_SA has a config, "<lab|1>" are one
		 * negotiation: keyed by the id (and renamed, read_line()) */
		memcpy(key, l->key, 48);
		return true;
	}
	if (packet_address(l->msg, a->thread_key[t], 48)) {
		memcpy(key, a->thread_key[t], 48);
		return true;
	}
	if (!a->thread_key[t][0])
		return false;
	memcpy(key, a->thread_key[t], 48);
	return true;
}

static void group(struct cc_log *log, const struct log_line *l,
		  const char *key);

/* Whether line holds a control byte (but tab), DEL or a byte above 0x7F:
 * eight bytes at a time, as most lines hold none. */
static bool needs_escape(const char *line)
{
	const uint64_t ones = 0x0101010101010101ull,
		       high = 0x8080808080808080ull;
	const char *p = line;
	uint64_t w;

	for (;;) {
		memcpy(&w, p, 8); /* may read past the NUL: within the block */
		/* a zero byte, one below 0x20, one of 0x7F or above */
		if (((w - ones) | (w - ones * 0x20) | (w + ones)) & high) {
			for (int i = 0; i < 8; i++) {
				unsigned char c = (unsigned char)p[i];

				if (!c)
					return false;
				if ((c < 0x20 && c != '\t') || c >= 0x7f)
					return true;
			}
		}
		p += 8;
	}
}

static void read_line(struct cc_log *log, const char *line)
{
	struct cc_log_active *a = log->active;
	struct log_line l;
	char key[48], *escaped = NULL;

	log->lines++;
	log_line_parse(line, &l, a->buf);
	log->by_format[l.fmt]++;
	/* most lines of a busy log say nothing certcheck reads: passed over
	 * before they cost a lookup */
	if (!log_matters(&l))
		return;
	/* binary junk and bad UTF-8 escaped (\xNN) before anything is taken
	 * from the line: what is kept is text */
	if (needs_escape(line)) {
		line = escaped = cc_escape(line);
		log_line_parse(line, &l, a->buf);
	}
	log_line_keys(&l);
	if (key_of(log, &l, key))
		group(log, &l, key);
	free(escaped);
}

/* l, of the negotiation key: taken into it, opened or closed. */
static void group(struct cc_log *log, const struct log_line *l, const char *key)
{
	struct cc_log_active *a = log->active;
	int i;
	struct cc_log_nego *n;

	i = find(a, key);
	if (i >= 0 && log_begins(l) &&
	    (cc_log_failed(&a->slot[i].n) || a->slot[i].n.established)) {
		close_slot(log, i);
		i = -1;
	}
	n = i >= 0 ? &a->slot[i].n : open_nego(log, key, l);
	if (!n->time)
		n->time = log_line_time(l, log->opts.year, log->opts.utc);
	n->last = log->lines;
	if (l->name[0] && l->key[0] && l->key[0] != '#' &&
	    !strchr(n->key, '|')) {
		free(n->key);
		n->key = cc_xasprintf("%s|%s", l->name, l->key);
	}
	log_take(n, l);
	if (log_ends(l)) {
		/* the key stays findable under its first spelling */
		i = i >= 0 ? i : find(a, key);
		if (i >= 0)
			close_slot(log, i);
	}
}

/* See cc_log.h */
void cc_log_init(struct cc_log *log, const struct cc_log_opts *opts)
{
	memset(log, 0, sizeof(*log));
	log->opts = *opts;
	log->active = cc_xcalloc(1, sizeof(*log->active));
	for (int i = 0; i < BUCKETS; i++)
		log->active->bucket[i] = -1;
}

/* "reading FILE: 41% (420 of 1024 MB)" on stderr, at most once a second;
 * done: the line cleared. */
static void progress(const char *name, long long at, long long size,
		     time_t *shown, bool done)
{
	time_t now = time(NULL);

	if (done) {
		if (*shown)
			fputs("\r\033[K", stderr);
		return;
	}
	if (now == *shown)
		return;
	*shown = now;
	fprintf(stderr, "\r\033[Kreading %s: %lld%% (%lld of %lld MB)", name,
		size ? at * 100 / size : 0, at >> 20, size >> 20);
}

/*
 * Reads f in blocks of 1 MiB, line by line (a line longer than
 * LOG_MAX_LINE is cut there).  The first 64 KiB must be text.  Returns
 * the bytes read; *partial: the unfinished last line is kept in *carry
 * (for --follow), else it is read as a line.
 */
static enum cc_err feed_blocks(struct cc_ctx *ctx, struct cc_log *log, FILE *f,
			       const char *name, bool show,
			       long long *done_bytes, bool keep_partial,
			       char **carry, size_t *ncarry)
{
	enum { BLOCK = 1 << 20 };
	/* zeroed, and 8 bytes more than a line can reach: needs_escape()
	 * reads a word at a time */
	char *block = cc_xcalloc(1, BLOCK + LOG_MAX_LINE + 16);
	size_t have = *ncarry, n;
	struct stat st;
	long long size = 0;
	time_t shown = 0;
	enum cc_err err = CC_SUCCESS;

	if (show && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		size = st.st_size;
	show = show && size > 100LL * 1000 * 1000;
	if (have)
		memcpy(block, *carry, have);
	while ((n = fread(block + have, 1, BLOCK, f)) > 0) {
		char *p = block, *end = block + have + n, *nl;

		if (*done_bytes < 65536 &&
		    memchr(block + have, '\0',
			   n < 65536 - (size_t)*done_bytes
				   ? n
				   : 65536 - (size_t)*done_bytes)) {
			err = cc_fail(ctx, CC_EINPUT,
				      "'%s': not a text file (a NUL byte)",
				      name);
			goto out;
		}
		*done_bytes += (long long)n;
		while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
			*nl = '\0';
			if (nl > p && nl[-1] == '\r')
				nl[-1] = '\0';
			if (nl - p > LOG_MAX_LINE)
				p[LOG_MAX_LINE] = '\0';
			read_line(log, p);
			p = nl + 1;
		}
		have = (size_t)(end - p);
		if (have > LOG_MAX_LINE) { /* a line too long: cut */
			p[LOG_MAX_LINE] = '\0';
			read_line(log, p);
			have = 0;
		}
		memmove(block, p, have);
		if (show)
			progress(name, *done_bytes, size, &shown, false);
	}
	if (ferror(f)) {
		err = cc_fail(ctx, CC_EINPUT, "'%s': cannot read: %s", name,
			      strerror(errno));
		goto out;
	}
	if (keep_partial) {
		*carry = cc_xrealloc(*carry, have + 1);
		memcpy(*carry, block, have);
		*ncarry = have;
	} else if (have) {
		block[have] = '\0';
		read_line(log, block);
		*ncarry = 0;
	}
out:
	if (show)
		progress(name, 0, 0, &shown, true);
	free(block);
	return err;
}

/* See cc_log.h */
enum cc_err cc_log_feed(struct cc_ctx *ctx, struct cc_log *log, FILE *f,
			const char *name, bool show)
{
	long long bytes = 0;
	char *carry = NULL;
	size_t ncarry = 0;
	enum cc_err err = feed_blocks(ctx, log, f, name, show, &bytes, false,
				      &carry, &ncarry);

	free(carry);
	return err;
}

/* Closes the failed negotiations that have been quiet since the last
 * look (a writer flushes a refusal's lines together). */
static void close_quiet(struct cc_log *log, size_t seen)
{
	for (int i = 0; i < LOG_MAX_ACTIVE; i++)
		if (log->active->slot[i].used &&
		    cc_log_failed(&log->active->slot[i].n) &&
		    log->active->slot[i].n.last <= seen)
			close_slot(log, i);
}

/* See cc_log.h */
enum cc_err cc_log_follow(struct cc_ctx *ctx, struct cc_log *log,
			  const char *path, volatile int *stop)
{
	const struct timespec pause = { 0, 250 * 1000 * 1000 };
	FILE *f = fopen(path, "r");
	struct stat st, now;
	long long bytes = 0;
	char *carry = NULL;
	size_t ncarry = 0, seen = 0;
	enum cc_err err = CC_SUCCESS;

	if (!f || fstat(fileno(f), &st) != 0) {
		err = cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s", path,
			      strerror(errno));
		goto out;
	}
	while (!*stop) {
		err = feed_blocks(ctx, log, f, path, false, &bytes, true,
				  &carry, &ncarry);
		if (err)
			break;
		clearerr(f);
		close_quiet(log, seen);
		seen = log->lines;
		fflush(stdout);
		nanosleep(&pause, NULL);
		/* rotated (another file by the name) or truncated */
		if (stat(path, &now) == 0 &&
		    (now.st_ino != st.st_ino || now.st_dev != st.st_dev)) {
			/* the rest of the old file first */
			err = feed_blocks(ctx, log, f, path, false, &bytes,
					  false, &carry, &ncarry);
			if (err)
				break;
			FILE *g = fopen(path, "r");
			if (!g)
				continue; /* not there yet: look again */
			fclose(f);
			f = g;
			st = now;
			bytes = 0;
		} else if (fstat(fileno(f), &now) == 0 &&
			   now.st_size < ftello(f)) {
			rewind(f);
			bytes = 0;
		}
	}
out:
	if (f)
		fclose(f);
	free(carry);
	return err;
}

static int by_first(const void *a, const void *b)
{
	const struct cc_log_nego *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

/* See cc_log.h */
void cc_log_finish(struct cc_log *log)
{
	for (int i = 0; i < LOG_MAX_ACTIVE; i++)
		if (log->active->slot[i].used)
			close_slot(log, i);
	if (log->len > 1)
		qsort(log->n, log->len, sizeof(*log->n), by_first);
}

/* See cc_log.h */
void cc_log_release(struct cc_log *log)
{
	if (log->active)
		for (int i = 0; i < LOG_MAX_ACTIVE; i++)
			if (log->active->slot[i].used)
				nego_release(&log->active->slot[i].n);
	for (size_t i = 0; i < log->len; i++)
		nego_release(&log->n[i]);
	free(log->n);
	free(log->active);
	memset(log, 0, sizeof(*log));
}

/* See cc_log.h */
const struct cc_log_nego *cc_log_latest_failure(const struct cc_log *log)
{
	for (size_t i = log->len; i-- > 0;)
		if (cc_log_failed(&log->n[i]))
			return &log->n[i];
	return NULL;
}
