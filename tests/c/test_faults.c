/*
 * test_faults: file system faults while logging, each in a child process of its own: a file
 * size limit (a full disk as the process sees it), the run folder deleted, a folder made
 * read-only, the open-file limit reached. The next call returns PLX_ERR_IO with the path and
 * the system's reason, other runs keep working, nothing crashes or hangs, and rows accepted
 * before a fault that goes away are not lost.
 *
 * Usage: test_faults <scratch-dir>
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plx.h"

#define EXPECT(cond)                                                                           \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            char msg_[1024] = "";                                                              \
            plx_last_error_message(msg_, sizeof msg_, NULL);                                   \
            fprintf(stderr, "%s:%d: %s failed (last error: %s)\n", __FILE__, __LINE__, #cond,  \
                    msg_);                                                                     \
            exit(1);                                                                           \
        }                                                                                      \
    } while (0)

static char last_error[1024];

static plx_status call(plx_status status) {
    last_error[0] = '\0';
    plx_last_error_message(last_error, sizeof last_error, NULL);
    return status;
}

static void open_run(const char *root, const char *project, plx_run *run, char *dir) {
    EXPECT(plx_run_open(root, project, NULL, run) == PLX_OK);
    EXPECT(plx_artifacts_path(*run, NULL, dir, 2048, NULL) == PLX_OK);
}

/* A second run in the same process still works. */
static void other_run_works(plx_run other) {
    int i;
    for (i = 0; i < 10; i++) {
        EXPECT(plx_log_metric(other, "fine", i, i) == PLX_OK);
    }
    EXPECT(plx_run_flush(other) == PLX_OK);
    EXPECT(plx_run_close(other) == PLX_OK);
}

static void full_disk(const char *root) {
    struct rlimit limit = {64 * 1024, 64 * 1024};
    plx_run run, other;
    char dir[2048], other_dir[2048];
    plx_status status = PLX_OK;
    long step;
    open_run(root, "faults/full", &run, dir);
    open_run(root, "faults/other", &other, other_dir);
    signal(SIGXFSZ, SIG_IGN);
    EXPECT(setrlimit(RLIMIT_FSIZE, &limit) == 0);
    for (step = 0; step < 100000 && status == PLX_OK; step++) {
        status = call(plx_log_metric(run, "loss", (double)step, step));
        if (status == PLX_OK && step % 500 == 0) {
            status = call(plx_run_flush(run));
        }
    }
    EXPECT(status == PLX_ERR_IO);
    EXPECT(strstr(last_error, "loss.plx") != NULL);
    EXPECT(strstr(last_error, "too large") != NULL);
    EXPECT(call(plx_log_metric(run, "loss", 1.0, 1)) == PLX_ERR_IO);
    other_run_works(other);
    EXPECT(call(plx_run_close(run)) == PLX_ERR_IO);
    EXPECT(plx_run_close(run) == PLX_ERR_RUN_CLOSED);
}

static void folder_deleted(const char *root) {
    plx_run run, other;
    char dir[2048], other_dir[2048], command[4200];
    int i;
    open_run(root, "faults/deleted", &run, dir);
    open_run(root, "faults/other", &other, other_dir);
    for (i = 0; i < 10; i++) {
        EXPECT(plx_log_metric(run, "loss", i, i) == PLX_OK);
    }
    EXPECT(plx_run_flush(run) == PLX_OK);
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    EXPECT(system(command) == 0);
    EXPECT(plx_log_metric(run, "loss", 10, 10) == PLX_OK);
    EXPECT(call(plx_run_flush(run)) == PLX_ERR_IO);
    EXPECT(strstr(last_error, dir) != NULL);
    other_run_works(other);
    EXPECT(call(plx_run_close(run)) == PLX_ERR_IO);
}

static void read_only(const char *root) {
    plx_run run;
    char dir[2048], metrics[2100], file[2200], text[65536];
    FILE *f;
    size_t n;
    if (geteuid() == 0) {
        /* root ignores permissions: become nobody, in a root folder nobody owns. */
        EXPECT(chown(root, 65534, 65534) == 0);
        EXPECT(setgid(65534) == 0 && setuid(65534) == 0);
    }
    open_run(root, "faults/readonly", &run, dir);
    EXPECT(plx_log_metric(run, "loss", 0, 0) == PLX_OK);
    EXPECT(plx_run_flush(run) == PLX_OK);
    snprintf(metrics, sizeof metrics, "%s/events/metric", dir);
    EXPECT(chmod(metrics, 0555) == 0);
    EXPECT(plx_log_metric(run, "acc", 1, 1) == PLX_OK);
    EXPECT(call(plx_run_flush(run)) == PLX_ERR_IO);
    EXPECT(strstr(last_error, "acc.plx") != NULL && strstr(last_error, "denied") != NULL);
    EXPECT(call(plx_log_metric(run, "acc", 2, 2)) == PLX_ERR_IO);
    EXPECT(chmod(metrics, 0755) == 0);
    EXPECT(plx_run_flush(run) == PLX_OK); /* the kept row is written now */
    EXPECT(plx_log_metric(run, "acc", 3, 3) == PLX_OK);
    EXPECT(plx_run_close(run) == PLX_OK);
    snprintf(file, sizeof file, "%s/acc.plx", metrics);
    f = fopen(file, "r");
    EXPECT(f != NULL);
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    EXPECT(strstr(text, "\n1|") != NULL && strstr(text, "\n3|") != NULL);
    EXPECT(strstr(text, "\n2|") == NULL);
}

static void no_file_descriptors(const char *root) {
    struct rlimit limit = {64, 64};
    plx_run run;
    char dir[2048];
    int hoard[64], held = 0, i;
    open_run(root, "faults/nofile", &run, dir);
    EXPECT(setrlimit(RLIMIT_NOFILE, &limit) == 0);
    while (held < 64) {
        int fd = dup(0);
        if (fd < 0) {
            EXPECT(errno == EMFILE);
            break;
        }
        hoard[held++] = fd;
    }
    EXPECT(plx_log_metric(run, "starved", 1, 1) == PLX_OK);
    EXPECT(call(plx_run_flush(run)) == PLX_ERR_IO);
    EXPECT(strstr(last_error, "starved.plx") != NULL && strstr(last_error, "open files") != NULL);
    for (i = 0; i < held; i++) {
        close(hoard[i]);
    }
    EXPECT(plx_run_flush(run) == PLX_OK);
    EXPECT(plx_run_close(run) == PLX_OK);
}

static int in_child(const char *name, void (*scenario)(const char *), const char *scratch) {
    char root[1024];
    pid_t pid;
    int status;
    snprintf(root, sizeof root, "%s/%s", scratch, name);
    mkdir(scratch, 0755);
    mkdir(root, 0777);
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        scenario(root);
        exit(0);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        return 1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        printf("ok   %s\n", name);
        return 0;
    }
    printf("FAIL %s (status %d)\n", name, status);
    return 1;
}

int main(int argc, char **argv) {
    int failed = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: test_faults <scratch-dir>\n");
        return 2;
    }
    failed += in_child("full_disk", full_disk, argv[1]);
    failed += in_child("folder_deleted", folder_deleted, argv[1]);
    failed += in_child("read_only", read_only, argv[1]);
    failed += in_child("no_file_descriptors", no_file_descriptors, argv[1]);
    return failed ? 1 : 0;
}
