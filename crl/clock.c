/* SPDX-License-Identifier: MIT */
/*
 * clock.c - the monotonic clock every URL's deadline and step durations
 * are measured on (net.h).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime() */
#include <time.h>

#include "net.h"

/* See net.h */
long long net_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
