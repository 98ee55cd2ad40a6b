// test_known_bugs: library bugs found while writing plx.hpp, each shown by its call, what plx.h
// documents and what plx does. The test passes while every bug still shows exactly as recorded,
// and fails when one is fixed (remove it from here then) or when plx does anything else, so a
// fix never goes unnoticed and a new behaviour never passes silently.
//
// Usage: test_known_bugs <scratch folder> <path of plx.h>
#include "plx.hpp"

#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "check.hpp"

namespace fs = std::filesystem;

namespace {

int fixed = 0;

// Reports one known bug: the documented outcome, the recorded wrong one, and what plx gave.
void known_bug(const char *call, const std::string &documented, const std::string &recorded,
               const std::string &actual)
{
    if (actual == recorded) {
        std::printf("known bug, still there: %s\n  documented: %s\n  actual:     %s\n", call,
                    documented.c_str(), actual.c_str());
        return;
    }
    if (actual == documented) {
        std::printf("known bug FIXED: %s now gives what plx.h documents (%s); remove it from "
                    "tests/cpp/test_known_bugs.cpp\n",
                    call, documented.c_str());
        ++fixed;
        return;
    }
    check::fail(__FILE__, __LINE__, call,
                "neither the documented outcome (" + documented + ") nor the recorded bug (" +
                    recorded + "): " + actual);
}

std::string outcome(const plx::Status &status)
{
    return std::to_string(status.code()) + " " + status.code_text();
}

// The ref calls document PLX_ERR_INVALID_ARGUMENT for an empty path; when the ref's name comes
// from that path, plx refuses the empty name first and gives PLX_ERR_INVALID_NAME.
void empty_ref_path(const plx::Run &run)
{
    const std::string documented = outcome(plx::Status(PLX_ERR_INVALID_ARGUMENT, ""));
    const std::string recorded = outcome(plx::Status(PLX_ERR_INVALID_NAME, ""));
    known_bug(
        "plx_log_artifact_ref(run, \"\", NULL, NULL, NULL, false)", documented, recorded,
        outcome(run.try_log_artifact_ref("", std::nullopt, std::nullopt, std::nullopt, false)));
    known_bug("plx_log_dir_ref(run, \"\", NULL, NULL, false)", documented, recorded,
              outcome(run.try_log_dir_ref("", std::nullopt, std::nullopt, false)));
    known_bug("plx_log_model_ref(run, \"\", NULL, NULL, NULL, false)", documented, recorded,
              outcome(run.try_log_model_ref("", std::nullopt, std::nullopt, std::nullopt, false)));

    // With a name given, the empty path gets the documented status.
    CHECK_STATUS(run.try_log_file_ref("", "named", std::nullopt, false), PLX_ERR_INVALID_ARGUMENT,
                 "path is empty");
}

// plx_run_close documents that it writes run.plx.json and lineages.plx.json; a run with no ref
// and no event gets no lineages.plx.json.
void lineage_file_of_empty_run(const std::string &root)
{
    plx::Run run;
    CHECK_OK(plx::Run::try_open(run, root, "acme/known-bugs"));
    std::string folder;
    CHECK_OK(run.try_artifacts_path(folder));
    CHECK_OK(run.try_close());
    CHECK(fs::is_regular_file(fs::path(folder) / "run.plx.json"));
    const bool written = fs::is_regular_file(fs::path(folder) / "lineages.plx.json");
    known_bug("plx_run_close on a run with no ref and no event", "lineages.plx.json written",
              "no lineages.plx.json",
              written ? "lineages.plx.json written" : "no lineages.plx.json");
}

// Every macro of plx.h is to carry the PLX_ prefix; MAX_BINS does not, and so takes the name
// MAX_BINS from every program that includes plx.h or plx.hpp.
void unprefixed_macros(const fs::path &header)
{
    const std::string text = check::read_file(header);
    CHECK(!text.empty());
    const std::regex define("#define ([A-Za-z_][A-Za-z_0-9]*)");
    std::string unprefixed;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), define);
         it != std::sregex_iterator(); ++it) {
        const std::string name = (*it)[1].str();
        if (name.rfind("PLX_", 0) != 0) {
            unprefixed += unprefixed.empty() ? name : " " + name;
        }
    }
    known_bug("the macros of plx.h", "no macro without the PLX_ prefix", "MAX_BINS",
              unprefixed.empty() ? "no macro without the PLX_ prefix" : unprefixed);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <scratch folder> <path of plx.h>\n", argv[0]);
        return 2;
    }
    const std::string root = (fs::absolute(argv[1]) / "offline").string();

    plx::Run run;
    CHECK_OK(plx::Run::try_open(run, root, "acme/known-bugs"));
    empty_ref_path(run);
    CHECK_OK(run.try_close());
    lineage_file_of_empty_run(root);
    unprefixed_macros(argv[2]);

    if (fixed != 0) {
        std::printf("%d known bug(s) fixed: update tests/cpp/test_known_bugs.cpp\n", fixed);
        return 1;
    }
    std::puts("test_known_bugs: every known bug shows as recorded");
    return 0;
}
