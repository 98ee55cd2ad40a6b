# Runs the heat_cpp example into a fresh offline root under the build tree, checks the run folder
# it names (run.plx.json and what the simulation logged), then runs the C example heat on the same
# configuration and checks that both print the same summary apart from where the run went.
#
# cmake -DHEAT_CPP=<heat_cpp> -DHEAT_C=<heat> -DCONFIG=<heat.cfg> -DROOT=<folder>
#       -P check_heat_example.cmake
foreach(variable HEAT_CPP HEAT_C CONFIG ROOT)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "check_heat_example.cmake needs -D${variable}=...")
    endif()
endforeach()

file(REMOVE_RECURSE "${ROOT}")

function(run_example program root out_summary out_run_dir)
    execute_process(COMMAND "${program}" "${CONFIG}" "${root}"
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${program} failed (${result}):\n${output}${errors}")
    endif()
    if(NOT output MATCHES "^run written to ([^\n]+)\n")
        message(FATAL_ERROR "${program} did not say where its run went:\n${output}")
    endif()
    set(run_dir "${CMAKE_MATCH_1}")
    string(REGEX REPLACE "^run written to [^\n]+\n" "" summary "${output}")
    set(${out_summary} "${summary}" PARENT_SCOPE)
    set(${out_run_dir} "${run_dir}" PARENT_SCOPE)
endfunction()

run_example("${HEAT_CPP}" "${ROOT}/cpp" cpp_summary run_dir)

if(NOT run_dir MATCHES "^${ROOT}/cpp/runs/[0-9a-f]+$")
    message(FATAL_ERROR "heat_cpp wrote its run outside ${ROOT}/cpp/runs: ${run_dir}")
endif()
foreach(file run.plx.json lineages.plx.json events/metric/heat__total.plx
        events/metric/heat__peak.plx events/metric/heat__lost_fraction.plx
        events/histogram/temperature.plx assets/image/field_0.png assets/image/field_400.png
        assets/model/field_400.bin outputs/checkpoint/field.bin)
    if(NOT EXISTS "${run_dir}/${file}")
        message(FATAL_ERROR "heat_cpp's run folder lacks ${file}: ${run_dir}")
    endif()
endforeach()
file(READ "${run_dir}/run.plx.json" run_json)
foreach(needle [["status":"succeeded"]] [["name":"heat-diffusion"]] [["progress":1.0]]
        [["final_peak":]])
    string(FIND "${run_json}" "${needle}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "run.plx.json lacks ${needle}:\n${run_json}")
    endif()
endforeach()

run_example("${HEAT_C}" "${ROOT}/c" c_summary c_run_dir)
if(NOT cpp_summary STREQUAL c_summary)
    message(FATAL_ERROR "heat_cpp and heat print different summaries:\n"
        "heat_cpp:\n${cpp_summary}heat:\n${c_summary}")
endif()
message(STATUS "heat_cpp wrote ${run_dir} and printed heat's summary:\n${cpp_summary}")
