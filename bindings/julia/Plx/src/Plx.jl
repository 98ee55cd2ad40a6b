"""
    Plx

Julia bindings of plx, which writes Polyaxon runs (metrics, every other event kind, versioned
assets, lineage references and run metadata) from native code through a C library.

```julia
using Plx

Plx.open("/tmp/plx"; project = "acme/heat") do run
    log_inputs(run, Dict("alpha" => 0.24, "steps" => 400))
    for step in 0:399
        log_metric(run, "heat/total", 1.0 / (step + 1); step = step)
    end
end
```

The library is `ENV["PLX_LIBRARY"]` when that is set as `Plx` is loaded, else `"libplx"` from
the system's library search. Every failed call throws a [`PlxError`](@ref).

`Plx.LibPlx` holds the raw layer: one function per C function of `plx.h`, returning the
status code unchecked.
"""
module Plx

include("raw.jl")
include("errors.jl")
include("json.jl")
include("arrays.jl")
include("run.jl")
include("events.jl")
include("assets.jl")
include("refs.jl")
include("metadata.jl")

export Run, PlxError
export log_metric, log_metrics, log_text, log_html, log_histogram, log_histogram_counts,
       log_roc_curve, log_pr_curve, log_curve, log_confusion_matrix, log_chart, log_line
export log_image, log_image_file, log_audio, log_audio_file, log_video_file, log_model,
       log_artifact, log_dataframe_file, log_dataframe_csv
export log_artifact_ref, log_model_ref, log_file_ref, log_dir_ref, log_data_ref, log_code_ref,
       log_tensorboard_ref
export log_inputs, log_outputs, log_input, log_output, log_tags, set_name, set_description,
       log_meta, log_progress, log_final_status
export artifacts_path, outputs_path

end # module Plx
