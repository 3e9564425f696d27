/* SPDX-License-Identifier: MIT */
/*
 * probe.c - the CRL check of doc/report.md: for every certificate of the chains,
 * its distribution points, each URL through DNS, fetch, parse, signature,
 * freshness and serial lookup; then the findings (crl-unreachable,
 * revoked, and clock evidence for validity) from the steps.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_gateway.h"
#include "cc_report.h"
#include "crl_private.h"
#include "net.h"
#include "cc_x509.h"

/* A server clock this far from ours is evidence of a wrong clock. */
#define CLOCK_SLACK 300

struct crl_file {
	const char *path;
	struct rawcrl *crl; /* its DER borrowed from the map */
	unsigned char *map; /* the file, mapped */
	size_t maplen;
};

/* Every CRL had (fetched or given), for the RFC 5280 opinion. */
struct had {
	struct rawcrl **crl; /* borrowed from the files, or owned */
	bool *owned;
	size_t n, cap;
};

static void had_add(struct had *h, struct rawcrl *crl, bool owned)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 8;
		h->crl = cc_xrealloc(h->crl, h->cap * sizeof(*h->crl));
		h->owned = cc_xrealloc(h->owned, h->cap * sizeof(*h->owned));
	}
	h->crl[h->n] = crl;
	h->owned[h->n++] = owned;
}

/* Maps a --crl file: read once by the kernel, never copied. */
static enum cc_err map_file(struct cc_ctx *ctx, const struct cc_crl_opts *o,
			    const char *path, unsigned char **p, size_t *n)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	void *m;

	if (fd < 0)
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s", path,
			       strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return cc_fail(ctx, CC_EINPUT, "'%s': not a regular file",
			       path);
	}
	if (st.st_size == 0 || st.st_size > o->max_size) {
		close(fd);
		return cc_fail(
			ctx, CC_EINPUT,
			st.st_size ? "'%s': larger than --max-size (%lld bytes)"
				   : "'%s': empty file",
			path, o->max_size);
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot read: %s", path,
			       strerror(errno));
	*p = m;
	*n = (size_t)st.st_size;
	return CC_SUCCESS;
}

static enum cc_err load_crl_files(struct cc_ctx *ctx,
				  const struct cc_crl_opts *o,
				  struct crl_file *files)
{
	for (size_t i = 0; i < o->ncrl; i++) {
		unsigned char *map = NULL;
		size_t n = 0;
		char why[160];
		bool pem;

		files[i].path = o->crl_files[i];
		if (map_file(ctx, o, o->crl_files[i], &map, &n))
			return ctx->err;
		files[i].map = map;
		files[i].maplen = n;
		files[i].crl =
			rawcrl_parse(map, n, false, &pem, why, sizeof(why));
		if (!files[i].crl)
			return cc_fail(ctx, CC_EINPUT, "'%s': not a CRL: %s",
				       o->crl_files[i], why);
	}
	return CC_SUCCESS;
}

/* The certificates to check: every one of the chains but self-signed
 * anchors (nobody revokes a root by CRL), each once. */
static size_t collect_subjects(const struct cc_certset *set,
			       const struct cc_chain *chains, size_t nchains,
			       struct subject *out)
{
	size_t n = 0;
	bool cas = false;

	/* without any CA no chain was judged, so none was refused */
	for (size_t i = 0; i < set->n && !cas; i++)
		cas = set->cert[i]->role == CC_ROLE_CA;
	for (size_t c = 0; c < nchains; c++) {
		for (size_t k = 0; k < chains[c].n; k++) {
			int i = chains[c].idx[k];
			bool dup = false;

			if (set->cert[i]->self_signed)
				continue;
			for (size_t s = 0; s < n && !dup; s++)
				dup = out[s].cert == i;
			if (dup)
				continue;
			memset(&out[n], 0, sizeof(out[n]));
			out[n].cert = i;
			out[n].issuer =
				k + 1 < chains[c].n ? chains[c].idx[k + 1] : -1;
			out[n].chain_refused = cas && !chains[c].trusted;
			out[n].usable_url = out[n].usable_file = -1;
			n++;
		}
	}
	return n;
}

/* Whether every certificate of each subject's chains that publishes
 * revocation information (a CDP, or a --crl file for it) has a usable CRL:
 * self-signed anchors are no subjects, and a certificate without any CDP
 * is only said (crl.no-cdp: no gateway can check it either). */
static void chain_coverage(const struct cc_chain *chains, size_t nchains,
			   struct subject *subs, size_t nsub)
{
	for (size_t i = 0; i < nsub; i++)
		subs[i].chain_covered = true;
	for (size_t c = 0; c < nchains; c++) {
		bool covered = true;

		for (size_t k = 0; k < chains[c].n; k++)
			for (size_t i = 0; i < nsub; i++)
				if (subs[i].cert == chains[c].idx[k])
					covered = covered &&
						  !crl_unproven(&subs[i]);
		for (size_t k = 0; k < chains[c].n; k++)
			for (size_t i = 0; i < nsub; i++)
				if (subs[i].cert == chains[c].idx[k])
					subs[i].chain_covered =
						subs[i].chain_covered &&
						covered;
	}
}

/* The one best-CRL rule: the first usable CRL had is the best, until a
 * usable one that revokes the certificate comes while the best does not
 * (any usable CRL that revokes it wins).  Returns whether jd became it. */
static bool take_best(struct subject *s, const struct crl_judgement *jd,
		      const char *source)
{
	bool had = s->usable_url >= 0 || s->usable_file >= 0;

	if (!jd->usable || (had && (!jd->revoked || s->best.revoked)))
		return false;
	s->best = *jd;
	free(s->best_source);
	s->best_source = cc_xstrdup(source);
	return true;
}

/* Judges a fetched body for its subject. */
static void judge_body(struct cc_ctx *ctx, const struct cc_certset *set,
		       struct net_job *j, int url, struct subject *s,
		       struct cc_report *r, struct had *all)
{
	char why[160];
	bool pem;
	struct rawcrl *crl;
	struct crl_judgement jd;
	struct cc_finding *f;

	if (j->len && (j->body[0] == '<' ||
		       (j->len > 15 && !memcmp(j->body, "<!DOCTYPE", 9)))) {
		cc_url_step(j->res, CC_STEP_PARSE, CC_STATUS_FAIL, 0,
			    "an HTML page, not a CRL (%zu bytes): a captive "
			    "portal or an error page answered",
			    j->len);
		return;
	}
	crl = rawcrl_parse(j->body, j->len, false, &pem, why, sizeof(why));
	if (!crl) {
		cc_url_step(j->res, CC_STEP_PARSE, CC_STATUS_FAIL, 0,
			    "not a CRL: %s", why);
		return;
	}
	if (!pem) { /* the CRL keeps the fetched bytes: held once */
		crl->owned = j->body;
		j->body = NULL;
	}
	s->had_crl = true;
	cc_url_step(j->res, CC_STEP_PARSE, pem ? CC_STATUS_WARN : CC_STATUS_OK,
		    0,
		    pem ? "a PEM CRL of %zu bytes: RFC 5280 publishes DER, "
			  "and some gateways read only DER"
			: "a DER CRL of %zu bytes",
		    crl->len);
	crl_judge(crl, set, s->cert, s->issuer, ctx->now, j->res, &jd);
	if (jd.future) {
		f = cc_report_add(r, CC_CHECK_CRL_THIS_UPDATE_FUTURE,
				  CC_STATUS_WARN, s->cert,
				  "the CRL at %s was issued %lld s after the "
				  "evaluation time: the CA's clock or this "
				  "clock is wrong",
				  j->res->url, jd.future_by);
		cc_finding_time(f, "this_update", jd.this_update);
		cc_finding_time(f, "evaluated_at", ctx->now);
		cc_finding_int(f, "offset_seconds", jd.future_by);
		cc_finding_remedy(f,
				  "compare the CA's and the gateway's clocks "
				  "with NTP");
	}
	if (take_best(s, &jd, j->res->url))
		s->best_ocsp = false;
	if (jd.usable && s->usable_url < 0)
		s->usable_url = url;
	had_add(all, crl, true); /* for the RFC 5280 opinion */
}

/* A --url given without certificates: the CRL fetched, parsed, its signer
 * found by name, its freshness; one finding for the URL, a fail for the
 * first step that failed, fetched or not. */
static void judge_alone(struct cc_ctx *ctx, const struct cc_certset *set,
			struct net_job *j, struct cc_report *r)
{
	struct crl_judgement jd = { .usable = false };
	struct rawcrl *crl;
	struct cc_finding *f;
	char why[160];
	bool pem;

	if (j->got_body) {
		crl = rawcrl_parse(j->body, j->len, false, &pem, why,
				   sizeof(why));
		if (!crl) {
			cc_url_step(j->res, CC_STEP_PARSE, CC_STATUS_FAIL, 0,
				    "not a CRL: %s", why);
		} else {
			cc_url_step(j->res, CC_STEP_PARSE,
				    pem ? CC_STATUS_WARN : CC_STATUS_OK, 0,
				    "a %s CRL of %zu bytes",
				    pem ? "PEM" : "DER", crl->len);
			crl_judge(crl, set, -1, -1, ctx->now, j->res, &jd);
			rawcrl_free(crl);
		}
	}
	for (size_t i = 0; i < j->res->nsteps; i++)
		if (j->res->steps[i].status == CC_STATUS_FAIL) {
			f = cc_report_add(r, CC_CHECK_CRL_URL, CC_STATUS_FAIL,
					  -1, "%s: %s", j->res->url,
					  j->res->steps[i].detail);
			cc_finding_str(f, "url", "%s", j->res->url);
			cc_finding_str(
				f, "step", "%s",
				cc_url_step_row(j->res->steps[i].step)->name);
			cc_finding_remedy(f,
					  "see the URL's steps: fix the first "
					  "that failed");
			return;
		}
	if (jd.usable) {
		f = cc_report_add(r, CC_CHECK_CRL_USABLE, CC_STATUS_OK, -1,
				  "%s gives a usable CRL", j->res->url);
		cc_finding_str(f, "source", "%s", j->res->url);
	}
}

/* The HTTP Date header against this machine's real clock. */
static void clock_evidence(struct cc_ctx *ctx, struct net_job *j,
			   struct cc_report *r, int cert)
{
	long long off = (long long)(j->date - ctx->real_now);
	struct cc_finding *f;
	char d[32];

	if (!j->date || (off < CLOCK_SLACK && off > -CLOCK_SLACK))
		return;
	cc_format_duration(off, d, sizeof(d));
	f = cc_report_add(r, CC_CHECK_CRL_SERVER_CLOCK,
			  ctx->now_given ? CC_STATUS_INFO : CC_STATUS_WARN,
			  cert,
			  "the CRL server's clock (HTTP Date) is %s %s this "
			  "machine's",
			  d, off > 0 ? "ahead of" : "behind");
	cc_finding_time(f, "server_date", j->date);
	cc_finding_time(f, "local_clock", ctx->real_now);
	cc_finding_int(f, "offset_seconds", off);
	cc_finding_str(f, "url", "%s", j->res->url);
	cc_finding_remedy(f, "synchronise the clocks (NTP) of the CA, its "
			     "CRL server and the gateway");
}

/* Judges a --crl file that names s's issuer; the first that cannot be
 * used says why (s->file_problem). */
static void judge_file(struct cc_ctx *ctx, const struct cc_certset *set,
		       struct subject *s, const struct crl_file *file,
		       struct crl_judgement *jd)
{
	struct cc_url_result steps;

	memset(&steps, 0, sizeof(steps));
	crl_judge(file->crl, set, s->cert, s->issuer, ctx->now, &steps, jd);
	for (size_t i = 0; !jd->usable && !s->file_problem && i < steps.nsteps;
	     i++)
		if (steps.steps[i].status == CC_STATUS_FAIL)
			s->file_problem = cc_xasprintf("%s: %s", file->path,
						       steps.steps[i].detail);
	for (size_t i = 0; i < steps.nsteps; i++)
		free(steps.steps[i].detail);
	free(steps.steps);
}

/* The issuer's index in set by name (a CRL signer's issuer), or -1. */
static int issuer_by_name(const struct cc_certset *set, X509 *x)
{
	for (size_t i = 0; i < set->n; i++)
		if (!X509_NAME_cmp(X509_get_subject_name(set->cert[i]->x509),
				   X509_get_issuer_name(x)) &&
		    X509_verify(x, X509_get0_pubkey(set->cert[i]->x509)) == 1)
			return (int)i;
	ERR_clear_error();
	return -1;
}

/* A CRL signed by a separate CRL signer is only as good as the signer's
 * own certificate: revoked by its issuer's CRL (among the --crl files),
 * the CRL is not usable. */
static void signer_revoked(struct cc_ctx *ctx, struct cc_report *r,
			   const struct cc_certset *set, struct subject *s,
			   const struct crl_file *files, size_t nfiles)
{
	int signer = s->best.signer;
	struct cc_finding *f;

	if ((s->usable_url < 0 && s->usable_file < 0) || signer < 0 ||
	    signer == s->issuer)
		return;
	for (size_t k = 0; k < nfiles; k++) {
		struct crl_judgement jd;
		X509 *x = set->cert[signer]->x509;

		if (X509_NAME_cmp(files[k].crl->issuer,
				  X509_get_issuer_name(x)))
			continue;
		crl_judge(files[k].crl, set, signer, issuer_by_name(set, x),
			  ctx->now, NULL, &jd);
		if (!jd.revoked)
			continue;
		f = cc_report_add(
			r, CC_CHECK_CRL_SIGNER_REVOKED, CC_STATUS_FAIL, s->cert,
			"the CRL of '%s' is signed by '%s', whose own "
			"certificate is revoked: it cannot be used",
			set->cert[s->cert]->subject,
			set->cert[signer]->subject);
		cc_finding_str(f, "signer_sha256", "%s",
			       set->cert[signer]->sha256);
		cc_finding_remedy(f, "have the CA sign its CRLs with a valid "
				     "CRL signing certificate");
		s->usable_url = s->usable_file = -1;
		return;
	}
}

/* One run of the check: its inputs and what the phases below share. */
struct crl_run {
	struct cc_ctx *ctx;
	const struct cc_crl_opts *o;
	const struct cc_certset *set;
	const struct cc_chain *chains;
	size_t nchains;
	struct cc_report *r;
	struct cc_url_results *urls;
	struct subject *subs; /* the certificates whose revocation counts */
	size_t nsub, max;
	struct crl_file *files; /* --crl */
	struct net_job *jobs;
	size_t njobs;
	struct ocsp_ask *asks;	  /* an OCSP URL's request, by URL index */
	STACK_OF(X509) * signers; /* OCSP responders trusted as they are */
	struct had all;		  /* every CRL had, for the RFC 5280 opinion */
};

static void add_url(struct cc_url_results *urls, const char *raw, int cert,
		    bool delta)
{
	char *masked = net_mask_url(raw);

	cc_urls_add(urls, masked, cert, delta);
	free(masked);
}

/* Phase 1: every URL of every subject (its CDPs, and --url for the
 * first), in the results' final places; --url alone without subjects. */
/* Whether extra URL k (of --url or --ocsp-url, cas the CA indexes of
 * their authorities, NULL for options) is tried for certificate cert (the
 * run's first when first): an option's for the first; a configured
 * authority's for the certificates its CA issued, as charon's credential
 * set offers an authority's crl_uris and ocsp_uris for the key that
 * issued the certificate (vici_authority.c:789, create_inner_cdp). */
static bool extra_for(const struct crl_run *x, const int *cas, size_t k,
		      int cert, bool first)
{
	int ca = cas ? cas[k] : -1;

	if (ca < 0)
		return first;
	return X509_check_issued(x->set->cert[ca]->x509,
				 x->set->cert[cert]->x509) == X509_V_OK;
}

/* The URL just added, the k-th of its kind of one certificate: past
 * CRL_MAX_URLS it is listed, not fetched. */
static void over_cap(struct cc_url_results *urls, size_t k)
{
	if (k >= CRL_MAX_URLS)
		cc_url_step(&urls->url[urls->n - 1], CC_STEP_SCHEME,
			    CC_STATUS_SKIP, 0,
			    "more than %d URLs in one certificate: not "
			    "fetched",
			    CRL_MAX_URLS);
}

/* Whether the gateway asks no OCSP responder: as its configuration says,
 * else its profile (the rules table, certcheck/checks/gateway.c). */
static bool ocsp_unused(const struct cc_ctx *ctx, const struct cc_crl_opts *o)
{
	char note[160];

	if (o->ocsp_use >= 0)
		return !o->ocsp_use;
	return cc_gateway_rule(ctx->gateway, CC_GW_RULE_OCSP, note,
			       sizeof(note)) == CC_STATUS_INFO;
}

static void list_urls(struct crl_run *x)
{
	bool *served = cc_xcalloc(x->o->nurls + 1, sizeof(*served));

	for (size_t i = 0; i < x->nsub; i++) {
		struct subject *s = &x->subs[i];

		cdp_collect(x->set->cert[s->cert]->x509, &s->cdp);
		s->first_url = x->urls->n;
		for (size_t k = 0; k < s->cdp.n; k++) {
			add_url(x->urls, s->cdp.uri[k], s->cert,
				s->cdp.delta[k]);
			over_cap(x->urls, k);
		}
		for (size_t k = 0; k < x->o->nurls; k++)
			if (extra_for(x, x->o->url_ca, k, s->cert, i == 0)) {
				add_url(x->urls, x->o->urls[k], s->cert, false);
				served[k] = true;
			}
		/* its OCSP responders, after its CRLs: its AIA's, then
		 * --ocsp-url's (the first certificate's) or its authority's */
		s->nocsp = ocsp_urls(x->set->cert[s->cert]->x509, &s->ocsp);
		for (size_t k = 0; k < x->o->nocsp_urls; k++)
			if (extra_for(x, x->o->ocsp_url_ca, k, s->cert,
				      i == 0)) {
				s->ocsp = cc_xrealloc(s->ocsp,
						      (s->nocsp + 1) *
							      sizeof(*s->ocsp));
				s->ocsp[s->nocsp++] =
					cc_xstrdup(x->o->ocsp_urls[k]);
			}
		s->ocsp_unused = ocsp_unused(x->ctx, x->o);
		for (size_t k = 0; k < s->nocsp; k++) {
			add_url(x->urls, s->ocsp[k], s->cert, false);
			x->urls->url[x->urls->n - 1].kind = CC_URL_OCSP;
			over_cap(x->urls, k);
		}
		s->nurls = x->urls->n - s->first_url;
	}
	/* --url without a certificate, or an authority's URL for none of
	 * them: each URL judged alone (fetched, parsed, its signer among
	 * --ca/--untrusted, its freshness) */
	for (size_t k = 0; k < x->o->nurls; k++)
		if (!served[k])
			add_url(x->urls, x->o->urls[k], -1, false);
	free(served);
}

/* Phase 2: a fetch job per URL not skipped (over the cap, or
 * --no-network, which says so on the URL). */
static void make_jobs(struct crl_run *x)
{
	x->jobs = cc_xcalloc(x->urls->n + 1, sizeof(*x->jobs));
	x->asks = cc_xcalloc(x->urls->n + 1, sizeof(*x->asks));
	for (size_t k = 0; k < x->urls->n; k++) {
		struct cc_url_result *u = &x->urls->url[k];
		const struct subject *s = NULL;
		const char *raw;

		for (size_t i = 0; i < x->nsub && !s; i++)
			if (k >= x->subs[i].first_url &&
			    k < x->subs[i].first_url + x->subs[i].nurls)
				s = &x->subs[i];
		if (s && u->kind == CC_URL_OCSP) { /* its responders last */
			raw = s->ocsp[k - (s->first_url + s->nurls - s->nocsp)];
		} else if (s) { /* a CDP of the subject, or a --url after */
			size_t at = k - s->first_url;

			raw = at < s->cdp.n ? s->cdp.uri[at]
					    : x->o->urls[at - s->cdp.n];
		} else { /* --url alone: the URLs are --url's, in order */
			raw = x->o->urls[k];
		}
		if (u->nsteps) /* over the cap */
			continue;
		if (x->o->no_network) {
			cc_url_step(u, CC_STEP_DNS, CC_STATUS_SKIP, 0,
				    "--no-network: not %s",
				    u->kind == CC_URL_OCSP ? "asked"
							   : "fetched");
			continue;
		}
		if (u->kind == CC_URL_OCSP) {
			struct ocsp_ask *a = &x->asks[k];
			char why[160];

			/* a CertID needs the issuer's name and key */
			if (s->issuer < 0) {
				cc_url_step(u, CC_STEP_SCHEME, CC_STATUS_SKIP,
					    0,
					    "the certificate's issuer is not "
					    "among the certificates given: no "
					    "request can be made");
				continue;
			}
			if (!ocsp_ask_new(x->set->cert[s->cert]->x509,
					  x->set->cert[s->issuer]->x509, x->o,
					  a, why, sizeof(why))) {
				cc_url_step(u, CC_STEP_SCHEME, CC_STATUS_FAIL,
					    0, "%s", why);
				continue;
			}
			if (x->o->ocsp_get) {
				x->jobs[x->njobs].res = u;
				x->jobs[x->njobs].url = ocsp_get_url(raw, a);
				x->njobs++;
				continue;
			}
			x->jobs[x->njobs].post = a->der;
			x->jobs[x->njobs].post_len = a->len;
		}
		x->jobs[x->njobs].res = u;
		x->jobs[x->njobs].url = cc_xstrdup(raw);
		x->njobs++;
	}
}

/* An OCSP response, judged for its subject: a usable answer counts as a
 * usable CRL would (strongSwan asks OCSP first, and a good answer
 * satisfies its revocation policy: revocation_validator.c, validate()). */
static void judge_ocsp(struct crl_run *x, struct net_job *j, struct subject *s)
{
	size_t k = (size_t)(j->res - x->urls->url);
	struct crl_judgement jd;
	struct cc_finding *f;

	ocsp_judge(j->body, j->len, &x->asks[k], x->set, s->issuer, x->signers,
		   x->ctx->now, j->res, &jd);
	if (s->ocsp_unused)
		return; /* said by the findings; decides nothing */
	if (jd.future) {
		f = cc_report_add(x->r, CC_CHECK_CRL_THIS_UPDATE_FUTURE,
				  CC_STATUS_WARN, s->cert,
				  "the OCSP response from %s was made %lld s "
				  "after the evaluation time: the responder's "
				  "clock or this clock is wrong",
				  j->res->url, jd.future_by);
		cc_finding_time(f, "this_update", jd.this_update);
		cc_finding_time(f, "evaluated_at", x->ctx->now);
		cc_finding_int(f, "offset_seconds", jd.future_by);
		cc_finding_remedy(f, "compare the responder's and the "
				     "gateway's clocks with NTP");
	}
	if (take_best(s, &jd, j->res->url))
		s->best_ocsp = true;
	if (jd.usable && s->usable_url < 0)
		s->usable_url = (int)k;
}

/* Phase 3: what each fetch brought, judged for its subject (or alone). */
static void judge_fetched(struct crl_run *x)
{
	for (size_t k = 0; k < x->njobs; k++) {
		struct net_job *j = &x->jobs[k];
		struct subject *s = NULL;

		for (size_t i = 0; i < x->nsub && !s; i++)
			if (x->subs[i].cert == j->res->cert)
				s = &x->subs[i];
		clock_evidence(x->ctx, j, x->r, j->res->cert);
		if (j->got_body && s && j->res->kind == CC_URL_OCSP)
			judge_ocsp(x, j, s);
		else if (j->got_body && s)
			judge_body(x->ctx, x->set, j,
				   (int)(j->res - x->urls->url), s, x->r,
				   &x->all);
		else if (!s)
			judge_alone(x->ctx, x->set, j, x->r);
	}
}

/* Phase 4: the --crl files that name each subject's issuer. */
static void judge_files(struct crl_run *x)
{
	for (size_t i = 0; i < x->nsub; i++) {
		struct subject *s = &x->subs[i];
		const struct cc_cert *c = x->set->cert[s->cert];

		for (size_t f = 0; f < x->o->ncrl; f++) {
			struct crl_judgement jd;

			if (X509_NAME_cmp(x->files[f].crl->issuer,
					  X509_get_issuer_name(c->x509)))
				continue;
			judge_file(x->ctx, x->set, s, &x->files[f], &jd);
			if (take_best(s, &jd, x->files[f].path)) {
				s->best_ocsp = false;
				s->usable_file = (int)f;
			} else if (jd.usable && s->usable_file < 0) {
				s->usable_file = (int)f;
			}
		}
		signer_revoked(x->ctx, x->r, x->set, s, x->files, x->o->ncrl);
		if (x->o->ncrl)
			s->had_crl = true;
	}
}

/* Phase 5: OpenSSL's RFC 5280 opinion, where the per-URL judgement may
 * fall short: CRLs with scopes or deltas, or a certificate none of the
 * CRLs' issuers cleared (an indirect CRL may). */
static void rfc_opinion(struct crl_run *x)
{
	STACK_OF(X509_CRL) *decoded = NULL;
	bool need = false;

	for (size_t k = 0; k < x->all.n; k++) {
		bool anyones = false;

		for (size_t i = 0; i < x->nsub && !anyones; i++)
			anyones = !X509_NAME_cmp(
				x->all.crl[k]->issuer,
				X509_get_issuer_name(
					x->set->cert[x->subs[i].cert]->x509));
		/* scopes and deltas; or a CRL of no certificate's issuer,
		 * which may be an indirect CRL for one of them */
		need |= crl_needs_rfc(x->all.crl[k]) || !anyones;
	}
	if (!need || !x->all.n)
		return;
	decoded = sk_X509_CRL_new_null();
	for (size_t k = 0; decoded && k < x->all.n; k++) {
		X509_CRL *crl = rawcrl_get0_crl(x->all.crl[k]);

		if (crl && !sk_X509_CRL_push(decoded, crl))
			break;
	}
	for (size_t c = 0; decoded && c < x->nchains; c++) {
		const struct cc_chain *ch = &x->chains[c];
		enum rfc_rev state[CC_CHAIN_MAX];
		int code[CC_CHAIN_MAX];

		if (!ch->trusted || sk_X509_CRL_num(decoded) == 0 ||
		    !rfc_revocation(x->ctx->now, x->set, ch, decoded, state,
				    code))
			continue;
		for (size_t k = 0; k < ch->n; k++)
			for (size_t i = 0; i < x->nsub; i++)
				if (x->subs[i].cert == ch->idx[k] &&
				    x->subs[i].rfc == RFC_REV_UNKNOWN) {
					x->subs[i].rfc = state[k];
					x->subs[i].rfc_code = code[k];
				}
	}
	sk_X509_CRL_free(decoded); /* get0s */
}

static void run_release(struct crl_run *x)
{
	for (size_t k = 0; k < x->njobs; k++)
		net_job_release(&x->jobs[k]);
	free(x->jobs);
	for (size_t k = 0; x->asks && k < x->urls->n; k++)
		ocsp_ask_release(&x->asks[k]);
	free(x->asks);
	sk_X509_pop_free(x->signers, X509_free);
	for (size_t i = 0; i < x->max; i++) {
		cdp_release(&x->subs[i].cdp);
		for (size_t k = 0; k < x->subs[i].nocsp; k++)
			free(x->subs[i].ocsp[k]);
		free(x->subs[i].ocsp);
		free(x->subs[i].best_source);
		free(x->subs[i].file_problem);
	}
	free(x->subs);
	for (size_t k = 0; k < x->all.n; k++)
		if (x->all.owned[k])
			rawcrl_free(x->all.crl[k]);
	free(x->all.crl);
	free(x->all.owned);
	for (size_t f = 0; f < x->o->ncrl; f++) {
		rawcrl_free(x->files[f].crl);
		if (x->files[f].map)
			munmap(x->files[f].map, x->files[f].maplen);
	}
	free(x->files);
}

/* See header */
enum cc_err cc_crl_check(struct cc_ctx *ctx, const struct cc_crl_opts *o,
			 const struct cc_certset *set,
			 const struct cc_chain *chains, size_t nchains,
			 struct cc_report *r, struct cc_url_results *urls)
{
	struct crl_run x = { .ctx = ctx,
			     .o = o,
			     .set = set,
			     .chains = chains,
			     .nchains = nchains,
			     .r = r,
			     .urls = urls };
	enum cc_err err;

	x.files = cc_xcalloc(o->ncrl + 1, sizeof(*x.files));
	for (size_t c = 0; c < nchains; c++)
		x.max += chains[c].n;
	x.subs = cc_xcalloc(x.max + 1, sizeof(*x.subs));
	err = load_crl_files(ctx, o, x.files);
	if (!err)
		err = ocsp_signers(ctx, o, &x.signers);
	if (!err) {
		for (size_t f = 0; f < o->ncrl; f++)
			had_add(&x.all, x.files[f].crl, false);
		x.nsub = collect_subjects(set, chains, nchains, x.subs);
		list_urls(&x);
		make_jobs(&x);
		if (x.njobs)
			net_run(ctx, o, set, x.jobs, x.njobs);
		judge_fetched(&x);
		judge_files(&x);
		rfc_opinion(&x);
		for (size_t i = 0; i < x.nsub; i++)
			crl_merge_opinions(r, set, &x.subs[i]);
		chain_coverage(chains, nchains, x.subs, x.nsub);
		for (size_t i = 0; i < x.nsub; i++)
			crl_report_subject(r, set, &x.subs[i], urls,
					   o->no_network, o->ncrl > 0,
					   ctx->revocation);
	}
	run_release(&x);
	return err;
}
