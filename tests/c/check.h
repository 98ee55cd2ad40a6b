/*
 * check.h: the checks of the C tests. A failed check prints where it failed, what was checked,
 * the status (number and plx_status_str text) and this thread's plx_last_error_message, then
 * ends the program with exit code 1.
 */
#ifndef PLX_TEST_CHECK_H
#define PLX_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plx.h"

/* This thread's last error message (read without clearing it), or a note saying why not. */
static inline const char *check_last_message(char *buf, size_t buf_len)
{
    size_t len = 0;
    plx_status status = plx_last_error_message(buf, buf_len, &len);
    if (status != PLX_OK) {
        snprintf(buf, buf_len, "<plx_last_error_message failed: %d, length %zu>", (int)status,
                 len);
    }
    return buf;
}

/* Reports a failed check and ends the program. `status` is NULL when no call was checked. */
static inline void check_fail(const char *file, int line, const char *what,
                              const plx_status *status, const char *why)
{
    char message[4096];
    check_last_message(message, sizeof message);
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    fprintf(stderr, "  why: %s\n", why);
    if (status != NULL) {
        fprintf(stderr, "  status: %d (%s)\n", (int)*status, plx_status_str(*status));
    }
    fprintf(stderr, "  plx_last_error_message: \"%s\"\n", message);
    exit(1);
}

/*
 * Checks that a call returned `want`. A failing call must also leave a non-empty message that
 * contains `needle` (when `needle` is not NULL).
 */
static inline void check_status(const char *file, int line, const char *what, plx_status got,
                                plx_status want, const char *needle)
{
    char message[4096];
    char why[256];
    if (got != want) {
        snprintf(why, sizeof why, "expected status %d (%s)", (int)want, plx_status_str(want));
        check_fail(file, line, what, &got, why);
    }
    if (want == PLX_OK) {
        return;
    }
    check_last_message(message, sizeof message);
    if (message[0] == '\0') {
        check_fail(file, line, what, &got, "the failure left an empty error message");
    }
    if (needle != NULL && strstr(message, needle) == NULL) {
        snprintf(why, sizeof why, "the error message does not mention \"%s\"", needle);
        check_fail(file, line, what, &got, why);
    }
}

static inline void check_streq(const char *file, int line, const char *what, const char *got,
                               const char *want)
{
    char why[1024];
    if (strcmp(got, want) != 0) {
        snprintf(why, sizeof why, "got \"%.400s\", want \"%.400s\"", got, want);
        check_fail(file, line, what, NULL, why);
    }
}

/* The call succeeds. */
#define CHECK_OK(call) check_status(__FILE__, __LINE__, #call, (call), PLX_OK, NULL)

/* The call fails with status `want` and a message that contains `needle` (NULL: any text). */
#define CHECK_ERR(call, want, needle) \
    check_status(__FILE__, __LINE__, #call, (call), (want), (needle))

/* A condition holds. */
#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            check_fail(__FILE__, __LINE__, #cond, NULL, "the condition is false");      \
        }                                                                               \
    } while (0)

/* Two C strings are equal. */
#define CHECK_STREQ(got, want) check_streq(__FILE__, __LINE__, #got " == " #want, (got), (want))

#endif /* PLX_TEST_CHECK_H */
