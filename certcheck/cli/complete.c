/* SPDX-License-Identifier: MIT */
/*
 * complete.c - bash completion for certcheck, written from the one option
 * table (cli.c) by `certcheck --bash-completion`; the Debian package
 * installs what it writes at build time.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cc_common.h"
#include "cli.h"

/* Whether an option's value is one of the words of its placeholder
 * ("text|json|nagios|prometheus"): lower-case words and bars only. */
static bool choices(const char *arg)
{
	return arg && strchr(arg, '|') &&
	       strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789-|") ==
		       strlen(arg);
}

/* Whether an option's value is a path ("FILE", "CERT", "DIR", ...). */
static bool path_valued(const char *arg)
{
	static const char *const paths[] = { "FILE", "CERT", "DIR", "CERT|DIR",
					     "PATH" };

	for (size_t i = 0; arg && i < countof(paths); i++)
		if (!strcmp(arg, paths[i]))
			return true;
	return false;
}

/* See cli.h */
void cc_cli_complete_bash(const struct cc_command *cmds, size_t n, FILE *out)
{
	fputs("# bash completion for certcheck, written by 'certcheck "
	      "--bash-completion'\n# from its option table: do not edit\n"
	      "_certcheck()\n{\n\tlocal cur prev words cword opts\n"
	      "\t_init_completion || return\n"
	      "\tif [[ $cword -eq 1 ]]; then\n\t\tCOMPREPLY=($(compgen -W '",
	      out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s ", cmds[i].name);
	fputs("--help --version' -- \"$cur\"))\n\t\treturn\n\tfi\n"
	      "\tcase $prev in\n",
	      out);
	for (size_t i = 0; i < CC_OPT_COUNT; i++) {
		const struct cc_opt *o = cc_cli_opt((enum cc_optid)i);

		char pat[64];

		snprintf(pat, sizeof(pat), "--%s%s%c", o->name,
			 o->letter ? "|-" : "", o->letter ? o->letter : '\0');
		if (choices(o->arg)) {
			fprintf(out, "\t%s)\n\t\tCOMPREPLY=($(compgen -W '",
				pat);
			for (const char *p = o->arg; *p; p++)
				fputc(*p == '|' ? ' ' : *p, out);
			fputs("' -- \"$cur\"))\n\t\treturn\n\t\t;;\n", out);
		} else if (path_valued(o->arg)) {
			fprintf(out,
				"\t%s)\n\t\t_filedir\n\t\treturn\n\t\t;;\n",
				pat);
		} else if (o->arg) {
			fprintf(out, "\t%s)\n\t\treturn\n\t\t;;\n", pat);
		}
	}
	fputs("\tesac\n\tcase ${words[1]} in\n", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "\t%s)\n\t\topts='", cmds[i].name);
		for (size_t k = 0; k < cmds[i].nopts; k++) {
			const struct cc_opt *o = cc_cli_opt(cmds[i].opts[k]);

			fprintf(out, "%s--%s", k ? " " : "", o->name);
			if (o->letter)
				fprintf(out, " -%c", o->letter);
		}
		fputs("'\n\t\t;;\n", out);
	}
	fputs("\t*)\n\t\treturn\n\t\t;;\n\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "\t\treturn\n\tfi\n\t_filedir\n}\n"
	      "complete -F _certcheck certcheck\n",
	      out);
}
