/*
 * test_crash: a logging process for tests/python/test_crash.py to kill. It logs metric `loss`
 * (value step * 0.5) and a text row per step, from `start`, and reports its progress on stdout.
 *
 * Usage: test_crash <offline-root> <uuid> <mode> <start> [rows]
 *   flush  flush every 50 rows and print "flushed <step>" after each flush returns
 *   burst  the same every 4000 rows: each flush is one write of hundreds of KiB, so a kill
 *          often lands in the middle of a write
 *   term   opt in to plx's signal handlers, never flush, print "logged <step>" every 50 rows
 *   abort  opt in to plx's signal handlers, log <rows> rows, then abort()
 *   exit   log <rows> rows and return from main without closing (plx closes at exit)
 *   close  log <rows> rows and close
 * Without <rows>, flush, burst and term log until they are killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "plx.h"

/* Set in term mode: a closed run then means plx's signal handling closed it. */
static int signalled = 0;

static void check(plx_status status, const char *what) {
    char message[512] = "";
    if (status == PLX_OK) {
        return;
    }
    if (status == PLX_ERR_RUN_CLOSED && signalled) {
        /* plx closed the run on a signal and is about to end the process with it. */
        for (;;) {
            pause();
        }
    }
    plx_last_error_message(message, sizeof message, NULL);
    fprintf(stderr, "FAILED %s: %s (%s)\n", what, plx_status_str(status), message);
    exit(3);
}

int main(int argc, char **argv) {
    plx_run run;
    const char *mode;
    long long step, start, rows, every;
    char text[64];

    if (argc < 5) {
        fprintf(stderr, "usage: test_crash <offline-root> <uuid> <mode> <start> [rows]\n");
        return 2;
    }
    mode = argv[3];
    start = atoll(argv[4]);
    rows = argc > 5 ? atoll(argv[5]) : -1;
    every = strcmp(mode, "burst") ? 50 : 4000;
    check(plx_run_open(argv[1], "acme/crash", argv[2], &run), "open");
    if (!strcmp(mode, "term") || !strcmp(mode, "abort")) {
        check(plx_install_signal_handlers(), "install signal handlers");
        signalled = 1;
        check(plx_run_set_flush_interval(run, 3600000), "flush interval");
    }
    for (step = start; rows < 0 || step < start + rows; step++) {
        snprintf(text, sizeof text, "row %lld | \"quoted\"", step);
        check(plx_log_metric(run, "loss", (double)step * 0.5, step), "log metric");
        check(plx_log_text(run, "notes", text, step), "log text");
        if ((step + 1) % every == 0) {
            if (!strcmp(mode, "flush") || !strcmp(mode, "burst")) {
                check(plx_run_flush(run), "flush");
                printf("flushed %lld\n", step);
                fflush(stdout);
            } else if (!strcmp(mode, "term")) {
                printf("logged %lld\n", step);
                fflush(stdout);
            }
        }
    }
    if (!strcmp(mode, "abort")) {
        abort();
    }
    if (!strcmp(mode, "exit")) {
        return 0;
    }
    check(plx_run_close(run), "close");
    return 0;
}
