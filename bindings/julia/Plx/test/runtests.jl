# Tests of the Julia bindings against a built plx library: set PLX_LIBRARY to its path (for
# instance target/release/libplx.so) or install it where the system finds libplx, then run
# `julia --project=bindings/julia/Plx -e 'using Pkg; Pkg.test()'`.
#
# Each test opens its runs in a temporary offline root and checks what plx wrote on disk.

using Plx
using Plx: LibPlx
using Test

# The exception `f()` throws, or `nothing`.
function caught(f)
    try
        f()
    catch err
        return err
    end
    return nothing
end

# Asserts that `f()` throws a PlxError with `status` and a message, and returns the error.
function plx_error(f, status)
    err = caught(f)
    @test err isa PlxError
    if err isa PlxError
        @test err.status == status
        @test !isempty(err.message)
    end
    return err
end

readtext(path) = read(path, String)
lines(path) = split(readtext(path), '\n')

# Unsigned integers stored in a byte vector, from 1-based offset `at`.
be32(bytes, at) = foldl((acc, b) -> (acc << 8) | b, UInt32.(bytes[at:at+3]))
le16(bytes, at) = UInt16(bytes[at]) | UInt16(bytes[at+1]) << 8
le32(bytes, at) = foldl((acc, b) -> (acc << 8) | b, UInt32.(reverse(bytes[at:at+3])))

# The samples of a 16-bit PCM WAV file, whatever chunks precede its data.
function wav_samples(bytes)
    at = 13
    while at + 7 <= length(bytes)
        size = Int(le32(bytes, at + 4))
        if bytes[at:at+3] == codeunits("data")
            data = bytes[at+8:at+7+size]
            return [reinterpret(Int16, UInt16(data[i]) | UInt16(data[i+1]) << 8)
                    for i in 1:2:length(data)]
        end
        at += 8 + size + isodd(size)
    end
    error("no data chunk")
end

@testset "Plx" begin

@testset "library" begin
    version = Plx.library_version()
    @test (version.major, version.minor) ==
          (Plx.BINDING_VERSION.major, Plx.BINDING_VERSION.minor)
    @test Plx.status_string(Plx.OK) == "ok"
    @test Plx.status_string(Plx.ERR_RUN_CLOSED) == "the run is closed"
    @test Plx.status_string(999) == "unknown status code"
end

@testset "JSON writer" begin
    @test Plx.json(Dict("a" => 1)) == "{\"a\":1}"
    @test Plx.json((x = 0.5, y = "t", z = nothing, w = true)) ==
          "{\"x\":0.5,\"y\":\"t\",\"z\":null,\"w\":true}"
    @test Plx.json([1, 2.5, "three", [false], (4,)]) == "[1,2.5,\"three\",[false],[4]]"
    @test Plx.json("q\"b\\n\nt\tc\x01é") == "\"q\\\"b\\\\n\\nt\\tc\\u0001é\""
    @test Plx.json(0.1f0) == "0.1e0"
    @test Plx.json(1.0e20) == "1.0e20"
    @test Plx.json(1 // 4) == "0.25"
    @test Plx.json(:sym) == "\"sym\""
    @test caught(() -> Plx.json(NaN)) isa ArgumentError
    @test caught(() -> Plx.json(Inf32)) isa ArgumentError
    @test caught(() -> Plx.json(1 + 2im)) isa ArgumentError
    @test caught(() -> Plx.json(stdout)) isa ArgumentError
end

@testset "every kind, on disk" begin
    mktempdir() do root
        scratch = joinpath(root, "scratch")
        mkpath(scratch)
        run = Plx.open(root; project = "acme/julia")
        @test isopen(run)
        uuid = Plx.uuid(run)
        @test occursin(r"^[0-9a-f]{32}$", uuid)
        dir = artifacts_path(run)
        @test realpath(dir) == realpath(joinpath(root, "runs", uuid))
        for folder in ("outputs", "assets", "events", "plxlogs", "resources")
            @test isdir(joinpath(dir, folder))
        end
        @test outputs_path(run) == joinpath(dir, "outputs")

        for step in 0:4
            log_metric(run, "loss", 1 / (step + 1); step = step)
        end
        log_metric(run, "lr", 0.001)
        log_metrics(run, Dict("a" => 1.0, "b" => 2); step = 1)
        log_metrics(run, (c = 3,); step = 2)
        log_metrics(run, ["d", "e"], [4, 5]; step = 3)
        log_text(run, "notes", "héllo | \"quoted\"\nsecond line"; step = 1)
        log_html(run, "report", "<b>bold | ✓</b>"; step = 1)
        log_histogram(run, "weights", collect(0.0:99.0); bins = 4, step = 1)
        log_histogram_counts(run, "counts", [3, 5], [0.0, 0.5, 1.0]; step = 2)
        log_roc_curve(run, "roc", [0.0, 0.1, 1.0], [0.0, 0.8, 1.0]; auc = 0.85, step = 1)
        log_pr_curve(run, "pr", [1.0, 0.8, 0.5], [0.0, 0.5, 1.0]; average_precision = 0.5,
                     step = 1)
        log_curve(run, "custom", [0.0, 1.0, 2.0], [1.0, 3.0, 2.0]; annotation = "note | pipe",
                  step = 1)
        log_confusion_matrix(run, "confusion", ["cat", "dog"], ["cat", "dog"], [5 1; 2 7];
                             step = 1)
        log_chart(run, "bars", Dict("mark" => "bar",
                                    "data" => Dict("values" => [Dict("a" => "A", "b" => 28)]));
                  step = 1)
        log_chart(run, "text_figure", "{\"mark\": \"line\"}"; kind = "vega")
        log_line(run, "first line\nsecond line")

        # 8 rows, 6 columns, RGB; Julia indexes it pixels[y, x, c].
        pixels = zeros(UInt8, 8, 6, 3)
        pixels[1, 6, 1] = 0xff
        log_image(run, "pattern", pixels; step = 1)
        gray = Float32.(reshape(0:19, 4, 5) ./ 19)
        log_image(run, "gray", gray; step = 1)
        log_image_file(run, "copied", joinpath(dir, "assets", "image", "pattern_1.png");
                       step = 3)

        tone = [0.5 * sin(2pi * 440 * i / 8000) for i in 0:799]
        log_audio(run, "tone", tone; sample_rate = 8000, step = 1)
        stereo = Int16[1 -1; 2 -2; 3 -3]  # 3 frames of 2 channels: stereo[frame, channel]
        log_audio(run, "stereo", stereo; sample_rate = 16000, step = 1)
        log_audio_file(run, "tone_copy", joinpath(dir, "assets", "audio", "tone_1.wav");
                       content_type = "audio/wav", step = 2)

        clip = joinpath(scratch, "clip.mp4")
        write(clip, "not really a video")
        log_video_file(run, "clip", clip; step = 1)

        net = joinpath(scratch, "net")
        mkpath(net)
        write(joinpath(net, "weights.bin"), UInt8[1, 2, 3])
        write(joinpath(net, "config.json"), "{}")
        log_model(run, "net", net; framework = "flux", spec = Dict("layers" => 3), step = 1)
        log_model(run, "final", net; framework = "flux")
        split_file = joinpath(scratch, "split.txt")
        write(split_file, "train,test")
        log_artifact(run, "split", split_file; kind = "data", step = 1)
        log_dataframe_csv(run, "scores", "a,b\n1,2\n3,4\n"; step = 1)
        table = joinpath(scratch, "table.html")
        write(table, "<table><tr><td>1</td></tr></table>")
        log_dataframe_file(run, "table", table; step = 2)

        result = outputs_path(run, "result/values.txt")
        @test isdir(dirname(result))
        write(result, "42")
        log_file_ref(run, result)
        log_dir_ref(run, net; name = "net_folder", summary = Dict("files" => 2))
        log_model_ref(run, net; name = "net_ref", framework = "flux")
        log_artifact_ref(run, split_file; kind = "data", name = "split_ref",
                         summary = Dict("rows" => 1), is_input = true)
        log_data_ref(run, "mnist"; path = "s3://bucket/mnist", hash = "abc")
        log_code_ref(run, "0123abcd"; branch = "main")
        tensorboard = joinpath(scratch, "tb")
        mkpath(tensorboard)
        log_tensorboard_ref(run, tensorboard)

        log_inputs(run, Dict("alpha" => 0.24, "steps" => 400, "flags" => [true, false]))
        log_inputs(run; beta = 0.5)
        log_input(run, "gamma", 2)
        log_input(run, "mode", "fast")
        log_input(run, "debug", true)
        log_outputs(run, (score = 0.9,))
        log_output(run, "label", "best")
        log_output(run, "passed", false)
        log_tags(run, ["julia", "test"])
        log_tags(run, "julia", "more")
        set_name(run, "julia-run")
        set_description(run, "from Julia")
        set_description(run, nothing)
        log_meta(run, Dict("note" => "hi"))
        log_progress(run, 0.5)

        Plx.set_flush_interval(run, 50)
        Plx.start_resource_sampling(run; interval_ms = 1000)
        Plx.stop_resource_sampling(run)
        Plx.set_event_time(run, 1_600_000_000_000_000)
        log_metric(run, "replayed", 1.0; step = 0)
        Plx.set_event_time(run, nothing)

        flush(run)
        @test lines(joinpath(dir, "events", "metric", "loss.plx"))[1] == "step|timestamp|metric"
        close(run)
        @test !isopen(run)

        metric(name) = lines(joinpath(dir, "events", "metric", "$name.plx"))
        loss = metric("loss")
        @test length(loss) == 6
        @test startswith(loss[2], "0|") && endswith(loss[2], "|1.0")
        @test endswith(loss[6], "|0.2")
        @test startswith(metric("lr")[2], "|")  # no step: an empty step cell
        @test endswith(metric("a")[2], "|1.0") && startswith(metric("b")[2], "1|")
        @test startswith(metric("c")[2], "2|") && endswith(metric("e")[2], "|5.0")
        @test occursin("|2020-09-13 12:26:40.000000+00:00|", metric("replayed")[2])

        events(kind, name) = readtext(joinpath(dir, "events", kind, "$name.plx"))
        @test occursin("h\\u00e9llo | \\\"quoted\\\"\\nsecond line", events("text", "notes"))
        @test occursin("\"step\": 1", events("html", "report"))
        @test occursin("\"z\":[[5,1],[2,7]]", events("confusion", "confusion"))
        @test occursin("\"x\":[\"cat\",\"dog\"]", events("confusion", "confusion"))
        @test occursin("\"values\":[3.0,5.0]", events("histogram", "counts"))
        @test isfile(joinpath(dir, "events", "histogram", "weights.plx"))
        for name in ("roc", "pr", "custom")
            @test isfile(joinpath(dir, "events", "curve", "$name.plx"))
        end
        @test occursin("note | pipe", replace(events("curve", "custom"), "\\u007c" => "|"))
        @test occursin("\\\"mark\\\":\\\"bar\\\"", events("chart", "bars"))
        @test occursin("\\\"mark\\\":\\\"line\\\"", events("chart", "text_figure"))
        @test occursin("\"height\":8", events("image", "pattern"))
        @test occursin("\"width\":6", events("image", "pattern"))

        asset(parts...) = joinpath(dir, "assets", parts...)
        png = read(asset("image", "pattern_1.png"))
        @test png[1:8] == UInt8[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        @test (be32(png, 17), be32(png, 21)) == (6, 8)  # IHDR: width, then height
        png = read(asset("image", "gray_1.png"))
        @test (be32(png, 17), be32(png, 21)) == (5, 4)
        @test isfile(asset("image", "copied_3.png"))

        wav = read(asset("audio", "tone_1.wav"))
        @test (le16(wav, 23), le32(wav, 25)) == (1, 8000)  # channels, sample rate
        @test length(wav_samples(wav)) == 800
        wav = read(asset("audio", "stereo_1.wav"))
        @test (le16(wav, 23), le32(wav, 25)) == (2, 16000)
        @test wav_samples(wav) == [1, -1, 2, -2, 3, -3]  # interleaved frame by frame
        @test isfile(asset("audio", "tone_copy_2.wav"))
        @test isfile(asset("video", "clip_1.mp4"))
        @test isfile(asset("model", "net_1", "weights.bin"))
        @test isfile(joinpath(dir, "outputs", "net", "config.json"))
        @test readtext(asset("data", "split_1.txt")) == "train,test"
        @test readtext(asset("dataframe", "scores_1.csv")) == "a,b\n1,2\n3,4\n"
        @test isfile(asset("dataframe", "table_2.html"))

        for name in ("cpu", "memory", "process_memory")
            @test isfile(joinpath(dir, "resources", "metric", "$name.plx"))
        end
        logs = readtext(joinpath(dir, "plxlogs", "logs.jsonl"))
        @test occursin("\"value\":\"first line\"", logs)
        @test occursin("\"value\":\"second line\"", logs)

        meta = readtext(joinpath(dir, "run.plx.json"))
        @test occursin("\"status\":\"succeeded\"", meta)
        @test occursin("\"name\":\"julia-run\"", meta)
        @test !occursin("from Julia", meta)
        @test occursin("\"tags\":[\"julia\",\"test\",\"more\"]", meta)
        @test occursin("\"owner\":\"acme\",\"project\":\"julia\"", meta)
        for part in ("\"alpha\":0.24", "\"steps\":400", "\"flags\":[true,false]",
                     "\"beta\":0.5", "\"gamma\":2.0", "\"mode\":\"fast\"", "\"debug\":true",
                     "\"score\":0.9", "\"label\":\"best\"", "\"passed\":false",
                     "\"note\":\"hi\"", "\"progress\":0.5")
            @test occursin(part, meta)
        end
        lineage = readtext(joinpath(dir, "lineages.plx.json"))
        for part in ("\"name\":\"values\"", "\"name\":\"net_folder\"", "\"name\":\"net_ref\"",
                     "\"name\":\"split_ref\"", "\"name\":\"mnist\"", "\"kind\":\"coderef\"",
                     "\"kind\":\"tensorboard\"")
            @test occursin(part, lineage)
        end
    end
end

@testset "errors throw PlxError" begin
    mktempdir() do root
        run = Plx.open(root)
        uuid = Plx.uuid(run)
        err = plx_error(() -> log_metric(run, "", 1.0), Plx.ERR_INVALID_NAME)
        shown = sprint(showerror, err)
        @test occursin(Plx.status_string(Plx.ERR_INVALID_NAME), shown)
        @test occursin(err.message, shown)
        plx_error(() -> Plx.open(root; uuid = uuid), Plx.ERR_ALREADY_OPEN)
        plx_error(() -> Plx.open(root; uuid = "not-a-uuid"), Plx.ERR_INVALID_UUID)
        plx_error(() -> Plx.open(root; project = "a/b/c"), Plx.ERR_INVALID_ARGUMENT)
        plx_error(() -> artifacts_path(run, "../escape"), Plx.ERR_PATH_ESCAPE)
        plx_error(() -> log_image(run, "two", zeros(UInt8, 2, 2, 2)), Plx.ERR_INVALID_ARGUMENT)
        plx_error(() -> log_image(run, "nan", fill(NaN, 2, 2)), Plx.ERR_INVALID_ARGUMENT)
        plx_error(() -> log_histogram(run, "h", [1.0, 2.0]; bins = 513), Plx.ERR_LIMIT)
        plx_error(() -> log_confusion_matrix(run, "cm", ["a", "b", "c"], ["a", "b"], [1 2; 3 4]),
                  Plx.ERR_SHAPE_MISMATCH)
        plx_error(() -> log_model(run, "m", joinpath(root, "missing.bin")), Plx.ERR_NOT_FOUND)
        plx_error(() -> log_chart(run, "c", "{not json"), Plx.ERR_INVALID_JSON)
        model_file = joinpath(root, "model.bin")
        write(model_file, "weights")
        plx_error(() -> log_model(run, "m", model_file; spec = "[1, 2]", step = 1),
                  Plx.ERR_INVALID_JSON)
        plx_error(() -> log_audio(run, "a", [0.1, 0.2]; sample_rate = 0), Plx.ERR_EMPTY)
        plx_error(() -> log_roc_curve(run, "r", Float64[], Float64[]), Plx.ERR_EMPTY)
        plx_error(() -> log_progress(run, 2.0), Plx.ERR_INVALID_ARGUMENT)
        plx_error(() -> log_input(run, "x", NaN), Plx.ERR_INVALID_ARGUMENT)
        plx_error(() -> log_tags(run, ["ok", ""]), Plx.ERR_INVALID_ARGUMENT)
        plx_error(() -> Plx.set_flush_interval(run, 0), Plx.ERR_INVALID_ARGUMENT)
        plx_error(() -> log_final_status(run, 7), Plx.ERR_INVALID_ARGUMENT)

        # Checked in Julia before plx is called: C would read past the shorter array.
        @test caught(() -> log_histogram_counts(run, "h", [1, 2], [0.0, 1.0])) isa
              DimensionMismatch
        @test caught(() -> log_roc_curve(run, "r", [0.0, 1.0], [1.0])) isa DimensionMismatch
        @test caught(() -> log_metrics(run, ["a", "b"], [1.0])) isa DimensionMismatch
        @test caught(() -> log_image(run, "cube", zeros(UInt8, 2, 2, 2, 2))) isa ArgumentError
        @test caught(() -> log_final_status(run, :done)) isa ArgumentError
        @test caught(() -> log_text(run, "nul", "a\0b")) isa ArgumentError
        @test caught(() -> log_inputs(run, Dict("x" => NaN))) isa ArgumentError

        other = Plx.open(root)
        Plx.start_output_capture(run)
        try
            plx_error(() -> Plx.start_output_capture(other), Plx.ERR_BUSY)
        finally
            Plx.stop_output_capture(run)
        end
        close(other)

        log_final_status(run, :failed, "on purpose")
        plx_error(() -> log_final_status(run, :succeeded), Plx.ERR_ALREADY_FINISHED)
        log_metric(run, "after_final_status", 1.0)  # logging goes on until close
        close(run)
        @test occursin("\"status\":\"failed\"", readtext(joinpath(root, "runs", uuid,
                                                                  "run.plx.json")))
        @test occursin("on purpose", readtext(joinpath(root, "runs", uuid, "run.plx.json")))

        plx_error(() -> log_metric(run, "late", 1.0), Plx.ERR_RUN_CLOSED)
        plx_error(() -> flush(run), Plx.ERR_RUN_CLOSED)
        plx_error(() -> Plx.uuid(run), Plx.ERR_RUN_CLOSED)

        # The raw layer returns statuses; check reads the message of the call just made.
        status = LibPlx.plx_run_close(UInt64(0))
        @test status == Plx.ERR_INVALID_HANDLE
        err = caught(() -> Plx.check(status))
        @test err isa PlxError && err.status == Plx.ERR_INVALID_HANDLE
        @test !isempty(err.message)
        @test LibPlx.plx_run_flush(run) == Plx.ERR_RUN_CLOSED  # a Run converts to its handle
        @test !isempty(Plx.last_error_message())
        fresh = Plx.open(root)
        @test LibPlx.plx_run_flush(fresh) == Plx.OK
        @test Plx.last_error_message() == ""  # every call clears the message on entry
        @test Plx.check(Plx.OK) === nothing
        close(fresh)
    end
end

@testset "double close is harmless" begin
    mktempdir() do root
        run = Plx.open(root)
        @test close(run) === nothing
        @test close(run) === nothing
        @test !isopen(run)
        @test occursin("closed", sprint(show, run))
    end
end

@testset "do-block form" begin
    mktempdir() do root
        uuid = ""
        result = Plx.open(root; project = "acme/block") do run
            uuid = Plx.uuid(run)
            log_metric(run, "x", 1.0; step = 1)
            42
        end
        @test result == 42
        meta = readtext(joinpath(root, "runs", uuid, "run.plx.json"))
        @test occursin("\"status\":\"succeeded\"", meta)
        @test isfile(joinpath(root, "runs", uuid, "events", "metric", "x.plx"))

        kept = Ref{Any}(nothing)
        err = caught() do
            Plx.open(root) do run
                kept[] = run
                uuid = Plx.uuid(run)
                error("boom")
            end
        end
        @test err isa ErrorException && err.msg == "boom"
        @test !isopen(kept[])
        meta = readtext(joinpath(root, "runs", uuid, "run.plx.json"))
        @test occursin("\"status\":\"failed\"", meta)
        @test occursin("boom", meta)
    end
end

@testset "resume" begin
    mktempdir() do root
        run = Plx.open(root)
        uuid = Plx.uuid(run)
        log_metric(run, "loss", 1.0; step = 0)
        close(run)
        run = Plx.open(root; uuid = Base.UUID(parse(UInt128, uuid; base = 16)))
        @test Plx.uuid(run) == uuid
        log_metric(run, "loss", 0.5; step = 1)
        close(run)
        loss = lines(joinpath(root, "runs", uuid, "events", "metric", "loss.plx"))
        @test loss[1] == "step|timestamp|metric"
        @test count(==("step|timestamp|metric"), loss) == 1
        @test startswith(loss[2], "0|") && startswith(loss[3], "1|")
    end
end

# Made in a function of its own so that nothing refers to the Run once it returns.
@noinline function open_and_drop(root)
    run = Plx.open(root)
    log_metric(run, "dropped", 1.0)
    return run.handle, artifacts_path(run)
end

@testset "finalizer closes a dropped run" begin
    mktempdir() do root
        handle, dir = open_and_drop(root)
        GC.gc(true)
        GC.gc(true)
        # The finalizer schedules the close as a task, which runs when this task yields.
        closed = false
        for _ in 1:1000
            closed = LibPlx.plx_run_flush(handle) == Plx.ERR_RUN_CLOSED
            closed && break
            yield()
        end
        @test closed
        @test occursin("\"status\":\"succeeded\"", readtext(joinpath(dir, "run.plx.json")))
        @test isfile(joinpath(dir, "events", "metric", "dropped.plx"))
    end
end

end # @testset "Plx"
