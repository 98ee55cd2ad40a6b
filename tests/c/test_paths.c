/*
 * test_paths: plx_artifacts_path and plx_outputs_path give absolute paths, as plx.h promises,
 * also when the offline root was given relative to the current directory; a file referenced
 * through such a path is recorded relative to the run.
 *
 * Usage: test_paths <work dir>   (created if missing; the test changes into it)
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define PATH_LEN 4096

/* mkdir -p */
static void make_dirs(const char *path)
{
    char partial[PATH_LEN];
    size_t i;
    CHECK(strlen(path) < PATH_LEN);
    for (i = 1; path[i - 1] != '\0'; i++) {
        if (path[i] == '/' || path[i] == '\0') {
            memcpy(partial, path, i);
            partial[i] = '\0';
            CHECK(mkdir(partial, 0755) == 0 || errno == EEXIST);
        }
    }
}

static char *read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    static char text[1 << 16];
    size_t n;
    CHECK(file != NULL);
    n = fread(text, 1, sizeof text - 1, file);
    CHECK(n < sizeof text - 1);
    text[n] = '\0';
    CHECK(fclose(file) == 0);
    return text;
}

int main(int argc, char **argv)
{
    plx_run run;
    char cwd[PATH_LEN];
    char uuid[33];
    char folder[PATH_LEN];
    char output[PATH_LEN];
    char expected[PATH_LEN * 2];
    char lineage[PATH_LEN];
    FILE *file;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <work dir>\n", argv[0]);
        return 2;
    }
    make_dirs(argv[1]);
    CHECK(chdir(argv[1]) == 0);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);

    CHECK_OK(plx_run_open("offline", "acme/paths", NULL, &run));
    CHECK_OK(plx_run_uuid(run, uuid, sizeof uuid, NULL));
    CHECK_OK(plx_artifacts_path(run, NULL, folder, sizeof folder, NULL));
    CHECK_OK(plx_outputs_path(run, "notes/f.txt", output, sizeof output, NULL));

    /* Whatever form the path has, it names the file inside the run. */
    file = fopen(output, "wb");
    CHECK(file != NULL);
    CHECK(fputs("notes", file) >= 0);
    CHECK(fclose(file) == 0);
    CHECK_OK(plx_log_file_ref(run, output, "notes", NULL, false));
    CHECK_OK(plx_run_close(run));
    snprintf(lineage, sizeof lineage, "offline/runs/%s/lineages.plx.json", uuid);
    CHECK(strstr(read_file(lineage), "\"path\":\"outputs/notes/f.txt\"") != NULL);

    /* plx.h: "Gives the absolute path of rel_path inside the run folder". */
    snprintf(expected, sizeof expected, "%s/offline/runs/%s", cwd, uuid);
    CHECK_STREQ(folder, expected);
    snprintf(expected, sizeof expected, "%s/offline/runs/%s/outputs/notes/f.txt", cwd, uuid);
    CHECK_STREQ(output, expected);

    puts("test_paths: all checks passed");
    return 0;
}
