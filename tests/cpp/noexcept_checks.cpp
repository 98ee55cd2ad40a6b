// noexcept_checks: plx.hpp's noexcept API in a translation unit compiled without exceptions,
// where the throwing API does not exist. Every try_ method of plx::Run is called and returns its
// Status; a failure carries its code and plx's message (or the wrapper's, for what it refuses
// itself); output arguments are written only on success; moves and destruction close runs.
#include "plx.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "check.hpp"
#include "noexcept_checks.hpp"

#if PLX_CPP_EXCEPTIONS
#error "noexcept_checks.cpp is to be compiled without exceptions (-fno-exceptions)"
#endif

namespace fs = std::filesystem;
using check::contains;
using check::read_file;

namespace {

static_assert(std::is_same_v<plx::Run, plx::exceptions_off::Run>);
static_assert(!check::has_throwing_api<plx::Run>::value);

void check_every_try_method(const std::string &root, const fs::path &sources)
{
    check::write_file(sources / "clip.gif", "GIF89a");
    check::write_file(sources / "model.bin", "\x01\x02");
    check::write_file(sources / "table.csv", "a,b\n1,2\n");
    check::write_file(sources / "notes.txt", "notes");

    plx::Run run;
    CHECK_STATUS(plx::Run::try_open(run, root, std::nullopt, "not-a-uuid"), PLX_ERR_INVALID_UUID,
                 "not-a-uuid");
    CHECK(run.handle() == 0 && !run.is_open());
    CHECK_OK(plx::Run::try_open(run, root, "acme/cpp-noexcept"));
    CHECK(run.is_open());

    std::string uuid;
    CHECK_OK(run.try_uuid(uuid));
    CHECK(uuid.size() == 32);
    std::string folder_text;
    CHECK_OK(run.try_artifacts_path(folder_text));
    const fs::path folder = folder_text;
    CHECK(folder.filename() == uuid);
    std::string path = "untouched";
    CHECK_STATUS(run.try_outputs_path(path, "../x"), PLX_ERR_PATH_ESCAPE, "'../x'");
    CHECK(path == "untouched");
    CHECK_OK(run.try_outputs_path(path, "model/weights.bin"));
    CHECK(fs::path(path) == folder / "outputs" / "model" / "weights.bin");
    CHECK(fs::is_directory(folder / "outputs" / "model"));

    CHECK_OK(run.try_set_flush_interval(std::chrono::milliseconds(100)));
    CHECK_OK(run.try_set_name("noexcept"));
    CHECK_OK(run.try_set_description("built with -fno-exceptions"));
    CHECK_OK(run.try_log_tags({"no-exceptions"}));
    CHECK_OK(run.try_log_inputs(R"({"batch": 8})"));
    CHECK_OK(run.try_log_input_number("rate", 0.5));
    CHECK_OK(run.try_log_input_string("mode", "fast"));
    CHECK_OK(run.try_log_outputs(R"({"score": 1})"));
    CHECK_OK(run.try_log_output_number("loss", 0.25));
    CHECK_OK(run.try_log_output_string("verdict", "ok"));
    CHECK_OK(run.try_log_meta(R"({"built": "noexcept"})"));
    CHECK_OK(run.try_log_progress(1.0));

    CHECK_OK(run.try_log_metric("accuracy", 0.5, 0));
    const std::vector<std::string> names{"m/a", "m/b"};
    CHECK_OK(run.try_log_metrics(names, {1.0, 2.0}, 1));
    CHECK_OK(run.try_log_metrics({{"m/c", 3.0}}, plx::no_step));
    CHECK_OK(run.try_log_text("text", "plain", 0));
    CHECK_OK(run.try_log_html("html", "<i>x</i>", 0));
    CHECK_OK(run.try_log_histogram("hist", {1.0, 2.0, 3.0}, 2, 0));
    CHECK_OK(run.try_log_histogram_counts("counts", {1.0}, {0.0, 1.0}, 0));
    CHECK_OK(run.try_log_roc_curve("roc", {0.0, 1.0}, {0.0, 1.0}, std::nullopt, 0));
    CHECK_OK(run.try_log_pr_curve("pr", {1.0, 0.5}, {0.0, 1.0}, 0.75, 0));
    CHECK_OK(run.try_log_curve("curve", {0.0, 1.0}, {1.0, 0.0}, std::nullopt, 0));
    CHECK_OK(run.try_log_confusion_matrix("cm", {"a"}, {"a"}, {4.0}, 1, 1, 0));
    CHECK_OK(run.try_log_chart("chart", "plotly", R"({"data": []})", 0));
    const std::array<std::uint8_t, 4> pixels{0, 64, 128, 255};
    CHECK_OK(run.try_log_image("image", pixels, 2, 2, 1, 0));
    CHECK_OK(run.try_log_image_float("image_float", {0.0f, 0.5f, 1.0f, 0.25f}, 1, 1, 4, 0));
    CHECK_OK(run.try_log_image_file(std::nullopt, (sources / "clip.gif").string(), 0));
    CHECK_OK(run.try_log_audio("audio", {0.0f, 0.5f, -0.5f, 0.0f}, 2, 8000, 0));
    CHECK_OK(run.try_log_audio_int16("audio16", {0, 100, -100}, 1, 8000, 0));
    CHECK_OK(run.try_log_audio_file("audio_copy", (folder / "assets/audio/audio_0.wav").string(),
                                    std::nullopt, 0));
    CHECK_OK(run.try_log_video_file("video", (sources / "clip.gif").string(), "gif", 0));
    CHECK_OK(run.try_log_model("model", (sources / "model.bin").string(), "raw", std::nullopt, 0));
    CHECK_OK(run.try_log_artifact(std::nullopt, (sources / "notes.txt").string(), std::nullopt,
                                  plx::no_step));
    CHECK_OK(run.try_log_dataframe_file("table", (sources / "table.csv").string(), 0));
    CHECK_OK(run.try_log_dataframe_csv("csv", "x\n1\n", 0));
    CHECK_OK(run.try_log_artifact_ref((sources / "notes.txt").string(), std::nullopt, std::nullopt,
                                      std::nullopt, false));
    CHECK_OK(run.try_log_model_ref((sources / "model.bin").string(), std::nullopt, std::nullopt,
                                   R"({"size": 2})", false));
    CHECK_OK(
        run.try_log_file_ref((sources / "table.csv").string(), "table_ref", std::nullopt, true));
    CHECK_OK(run.try_log_dir_ref(sources.string(), "sources", std::nullopt, true));
    CHECK_OK(run.try_log_data_ref("dataset", "s3://bucket/key", std::nullopt, std::nullopt, true));
    CHECK_OK(run.try_log_code_ref("abc123", std::nullopt, std::nullopt, true));
    CHECK_OK(run.try_log_tensorboard_ref(sources.string(), "tb"));
    CHECK_OK(run.try_set_event_time(std::chrono::microseconds(0)));
    CHECK_OK(run.try_log_metric("at_epoch", 1.0, 0));
    CHECK_OK(run.try_set_event_time(std::chrono::system_clock::time_point()));
    CHECK_OK(run.try_reset_event_time());
    CHECK_OK(run.try_flush());
    CHECK(contains(read_file(folder / "events/metric/at_epoch.plx"), "1970-01-01 00:00:00.000000"));

    // Failures: plx's statuses and messages, and the wrapper's own refusals.
    CHECK_STATUS(run.try_log_metric("", 1.0, 0), PLX_ERR_INVALID_NAME, "empty");
    CHECK_STATUS(run.try_log_text("text", std::string_view("a\0b", 3), 0), PLX_ERR_INVALID_ARGUMENT,
                 "text holds a NUL byte at offset 1");
    CHECK_STATUS(run.try_log_metric("m", 1.0, std::numeric_limits<std::int64_t>::min()),
                 PLX_ERR_INVALID_ARGUMENT, "plx::no_step");
    CHECK_STATUS(run.try_log_metrics({"a"}, {1.0, 2.0}, 0), PLX_ERR_SHAPE_MISMATCH,
                 "names holds 1 values but values holds 2");
    CHECK_STATUS(run.try_log_pr_curve("pr", {1.0}, {0.0, 1.0}, std::nullopt, 0),
                 PLX_ERR_SHAPE_MISMATCH, "precision holds 1");
    CHECK_STATUS(run.try_log_confusion_matrix("cm", {"a"}, {"a", "b"}, {1.0}, 1, 1, 0),
                 PLX_ERR_SHAPE_MISMATCH, "2 y labels");
    CHECK_STATUS(run.try_log_image_float("bad", {0.0f}, 1, 1, 3, 0), PLX_ERR_SHAPE_MISMATCH,
                 "pixels holds 1");
    CHECK_STATUS(run.try_log_audio_int16("bad", {1, 2, 3}, 2, 8000, 0), PLX_ERR_SHAPE_MISMATCH,
                 "3 values");
    CHECK_STATUS(run.try_log_chart("chart", "unknown-kind", "{}", 0), PLX_ERR_INVALID_ARGUMENT,
                 "unknown-kind");
    CHECK_STATUS(run.try_log_dataframe_file("df", (sources / "notes.txt").string(), 0),
                 PLX_ERR_INVALID_ARGUMENT, "extension");
    CHECK_STATUS(run.try_set_flush_interval(std::chrono::milliseconds(-1)),
                 PLX_ERR_INVALID_ARGUMENT, "-1 ms");
    CHECK_OK(run.try_log_final_status(plx::FinalStatus::succeeded, "fine"));
    CHECK_STATUS(run.try_log_final_status(plx::FinalStatus::failed), PLX_ERR_ALREADY_FINISHED, "");

    CHECK_OK(run.try_close());
    CHECK_OK(run.try_close());
    CHECK(!run.is_open());
    std::string kept = "kept";
    CHECK_STATUS(run.try_uuid(kept), PLX_ERR_RUN_CLOSED, "is closed");
    CHECK_STATUS(run.try_artifacts_path(kept), PLX_ERR_RUN_CLOSED, "is closed");
    CHECK(kept == "kept");
    CHECK_STATUS(run.try_log_metric("accuracy", 1.0, 1), PLX_ERR_RUN_CLOSED, "is closed");

    for (const char *rel : {"events/metric/accuracy.plx",  "events/metric/m__a.plx",
                            "events/metric/m__c.plx",      "events/text/text.plx",
                            "events/html/html.plx",        "events/histogram/hist.plx",
                            "events/histogram/counts.plx", "events/curve/roc.plx",
                            "events/curve/pr.plx",         "events/curve/curve.plx",
                            "events/confusion/cm.plx",     "events/chart/chart.plx",
                            "assets/image/image_0.png",    "assets/image/image_float_0.png",
                            "assets/image/clip_0.gif",     "assets/audio/audio_0.wav",
                            "assets/audio/audio16_0.wav",  "assets/audio/audio_copy_0.wav",
                            "assets/video/video_0.gif",    "assets/model/model_0.bin",
                            "outputs/notes.txt",           "assets/dataframe/table_0.csv",
                            "assets/dataframe/csv_0.csv"}) {
        if (!fs::is_regular_file(folder / rel)) {
            check::fail(__FILE__, __LINE__, rel, "the file was not written");
        }
    }
    const std::string run_json = read_file(folder / "run.plx.json");
    CHECK(contains(run_json, R"("status":"succeeded")"));
    CHECK(contains(run_json, R"("description":"built with -fno-exceptions")"));
    CHECK(contains(run_json, R"("mode":"fast")") && contains(run_json, R"("verdict":"ok")"));
    const std::string lineage = read_file(folder / "lineages.plx.json");
    for (const char *name : {"table_ref", "sources", "dataset", "abc123", "tb"}) {
        if (!contains(lineage, "\"name\":\"" + std::string(name) + "\"")) {
            check::fail(__FILE__, __LINE__, name, "lineages.plx.json lacks it: " + lineage);
        }
    }
}

void check_lifetime(const std::string &root)
{
    plx_run moved_handle = 0;
    {
        plx::Run first;
        CHECK_OK(plx::Run::try_open(first, root, "acme/cpp-noexcept"));
        plx::Run second = std::move(first);
        CHECK(first.handle() == 0 && second.is_open());
        CHECK_STATUS(first.try_flush(), PLX_ERR_INVALID_HANDLE, "handle 0");
        CHECK_OK(first.try_close());
        moved_handle = second.handle();
    }
    CHECK(plx_run_flush(moved_handle) == PLX_ERR_RUN_CLOSED);

    // try_open into a Run that holds a run closes that run first.
    plx::Run reused;
    CHECK_OK(plx::Run::try_open(reused, root, "acme/cpp-noexcept"));
    const plx_run replaced = reused.handle();
    CHECK_OK(plx::Run::try_open(reused, root, "acme/cpp-noexcept"));
    CHECK(reused.handle() != replaced && reused.is_open());
    CHECK(plx_run_flush(replaced) == PLX_ERR_RUN_CLOSED);
}

} // namespace

namespace plx_cpp_test {

void noexcept_checks(const char *scratch)
{
    const fs::path folder = fs::absolute(scratch);
    const std::string root = (folder / "offline").string();
    check_every_try_method(root, folder / "sources");
    check_lifetime(root);
}

} // namespace plx_cpp_test
