// test_header: plx.h compiles as C++17 with strict warnings, and its functions link and work from
// C++ (the extern "C" guard). Opens a run in a fresh temporary folder, logs a metric, closes it.
#include "plx.h"
#include "plx.h" // twice: the include guard makes it harmless

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

int failures = 0;

void expect_ok(plx_status status, const char *what)
{
    if (status == PLX_OK) {
        return;
    }
    char message[1024] = "";
    plx_last_error_message(message, sizeof message, nullptr);
    std::fprintf(stderr, "%s: status %d (%s): %s\n", what, static_cast<int>(status),
                 plx_status_str(status), message);
    ++failures;
}

void expect(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "check failed: %s\n", what);
        ++failures;
    }
}

} // namespace

int main()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "plx-header-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::filesystem::path root = pattern;

    plx_run run = 0;
    expect_ok(plx_run_open(root.c_str(), "acme/cpp", nullptr, &run), "plx_run_open");
    expect_ok(plx_log_metric(run, "cpp/loss", 0.25, 1), "plx_log_metric");
    char uuid[33] = "";
    expect_ok(plx_run_uuid(run, uuid, sizeof uuid, nullptr), "plx_run_uuid");
    expect_ok(plx_run_close(run), "plx_run_close");
    expect(plx_run_close(run) == PLX_ERR_RUN_CLOSED, "a second close is refused");
    expect(plx_version_number() == PLX_VERSION_NUMBER, "header and library versions agree");

    const std::filesystem::path folder = root / "runs" / uuid;
    expect(std::filesystem::is_regular_file(folder / "events" / "metric" / "cpp__loss.plx"),
           "the metric file exists");
    expect(std::filesystem::is_regular_file(folder / "run.plx.json"), "run.plx.json exists");

    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
    if (failures != 0) {
        return 1;
    }
    std::puts("test_header: all checks passed");
    return 0;
}
