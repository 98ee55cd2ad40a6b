// test_capture: prints through every path a native program uses (C printf, C++ streams, stderr,
// raw write(2)) with output capture on, including a partial line, a long line, invalid UTF-8 and
// a burst of fast lines. tests/python/test_logs.py runs it with its output sent to files and
// checks that plxlogs/logs.jsonl holds every line once, in order, and that the files do too.
//
// Usage: test_capture <offline-root> <run-dir-file> [exit]
// With "exit", the program returns from main without closing: plx closes the run at exit.
#include "plx.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

namespace {

void check(plx_status status, const char *what)
{
    if (status == PLX_OK) {
        return;
    }
    char message[512] = "";
    plx_last_error_message(message, sizeof message, nullptr);
    std::fprintf(stderr, "FAILED %s: %s (%s)\n", what, plx_status_str(status), message);
    std::_Exit(1);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: test_capture <offline-root> <run-dir-file> [exit]\n");
        return 2;
    }
    plx_run run = 0;
    check(plx_run_open(argv[1], "acme/capture", nullptr, &run), "open");
    char dir[4096];
    check(plx_artifacts_path(run, nullptr, dir, sizeof dir, nullptr), "path");
    std::ofstream(argv[2]) << dir << "\n";

    std::printf("before capture: not in the log\n");
    std::fflush(stdout);
    check(plx_run_start_output_capture(run), "start capture");
    check(plx_run_start_output_capture(run), "start capture twice");

    std::printf("c printf line %d\n", 1);
    std::fflush(stdout);
    std::fprintf(stderr, "c stderr line %d\n", 2);
    std::cout << "c++ cout line " << 3 << std::endl;
    std::cerr << "c++ cerr line " << 4 << std::endl;
    const char raw[] = "raw write line 5\n";
    if (write(1, raw, sizeof raw - 1) != static_cast<ssize_t>(sizeof raw - 1)) {
        return 1;
    }
    std::printf("partial ");
    std::fflush(stdout);
    std::printf("line 6\n");
    std::string long_line(100000, 'x');
    std::printf("long %s end\n", long_line.c_str());
    std::printf("binary \xff\xfe line 8\n");
    check(plx_run_flush(run), "flush");
    for (int i = 0; i < 5000; i++) {
        std::printf("burst %d\n", i);
    }
    check(plx_log_line(run, "explicit log line"), "log line");
    std::printf("unfinished last line");
    if (argc == 4 && std::strcmp(argv[3], "exit") == 0) {
        check(plx_run_start_resource_sampling(run, 1000), "start sampling");
        return 0;
    }

    check(plx_run_close(run), "close");
    check(plx_run_close(run) == PLX_ERR_RUN_CLOSED ? PLX_OK : PLX_ERR_INTERNAL, "close twice");
    std::printf("\nafter close: not in the log\n");
    return 0;
}
