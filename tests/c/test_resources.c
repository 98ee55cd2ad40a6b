/*
 * test_resources: samples system resources every 50 ms while the process works for about a
 * second, then closes. tests/python/test_logs.py reads the resources/ files it leaves. A second
 * run checks that capture and sampling are off unless asked for.
 *
 * Usage: test_resources <offline-root> <run-dir-file>
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plx.h"

static int check(plx_status status, const char *what) {
    char message[512] = "";
    if (status == PLX_OK) {
        return 0;
    }
    plx_last_error_message(message, sizeof message, NULL);
    fprintf(stderr, "FAILED %s: %s (%s)\n", what, plx_status_str(status), message);
    return 1;
}

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    plx_run run, quiet;
    char dir[4096];
    double start, sink = 0.0;
    long i = 0;
    FILE *out;
    int failed = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: test_resources <offline-root> <run-dir-file>\n");
        return 2;
    }
    failed |= check(plx_run_open(argv[1], "acme/resources", NULL, &run), "open");
    failed |= check(plx_run_open(argv[1], "acme/quiet", NULL, &quiet), "open quiet");
    failed |= check(plx_run_start_resource_sampling(run, 5), "interval 5 refused") == 0;
    failed |= check(plx_run_start_resource_sampling(run, 50), "start sampling");
    failed |= check(plx_run_start_resource_sampling(run, 50), "start sampling twice");
    failed |= check(plx_run_stop_resource_sampling(quiet), "stop when not sampling");
    failed |= check(plx_run_stop_output_capture(quiet), "stop capture when not capturing");

    /* The workload: about a second of arithmetic, so the process's CPU figure is not zero. */
    start = seconds();
    while (seconds() - start < 1.2) {
        sink += sqrt((double)(++i));
    }
    failed |= check(plx_artifacts_path(run, NULL, dir, sizeof dir, NULL), "path");
    failed |= check(plx_run_close(run), "close");
    failed |= check(plx_run_close(quiet), "close quiet");
    out = fopen(argv[2], "w");
    if (!out || fprintf(out, "%s\n", dir) < 0 || fclose(out) != 0) {
        return 2;
    }
    printf("worked %ld iterations (%g)\n", i, sink);
    return failed;
}
