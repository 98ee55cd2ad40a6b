"""The signature check of the Julia bindings, bindings/julia/check_ccalls.py: it passes on the
package as committed, and it reports each kind of mistake when one is put into a copy of the
package (or of plx.h). There is no Julia runtime on the machines that run this suite, so this
check is what keeps the Julia ccalls in step with the header. Standard library only."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "bindings" / "julia" / "check_ccalls.py"
PACKAGE = ROOT / "bindings" / "julia" / "Plx"
HEADER = ROOT / "include" / "plx.h"


def load_checker():
    spec = importlib.util.spec_from_file_location("check_ccalls", CHECKER)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_ccalls"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


checker = load_checker()


def messages(header=HEADER, package=PACKAGE):
    return [str(p) for p in checker.check(header, package).problems]


class PackageCopy:
    """A copy of the Julia package, to break."""

    def __init__(self, path):
        shutil.copytree(PACKAGE, path)
        self.path = path

    def edit(self, old, new):
        """Replaces `old`, which must occur exactly once, in the copy's src/raw.jl."""
        raw = self.path / "src" / "raw.jl"
        text = raw.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in raw.jl exactly once"
        raw.write_text(text.replace(old, new), encoding="utf-8")

    def add(self, name, text):
        (self.path / "src" / name).write_text(text, encoding="utf-8")

    def messages(self):
        return messages(package=self.path)


@pytest.fixture
def package(tmp_path):
    return PackageCopy(tmp_path / "Plx")


def test_the_package_passes():
    assert messages() == []


def test_the_command_line_passes_on_the_package():
    done = subprocess.run(
        [sys.executable, str(CHECKER)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    count = len(re.findall(r"^[a-z][\w ]*?\**(plx_\w+)\(", HEADER.read_text(), flags=re.M))
    assert count > 50
    expected = f"ok: {count} functions in plx.h, {count} bound by {count} ccalls"
    assert done.stdout.startswith(expected)


def test_the_command_line_fails_on_a_broken_copy(package):
    package.edit("(UInt64, Cstring, Cdouble, Int64)", "(UInt64, Cstring, Cdouble, Int32)")
    done = subprocess.run(
        [sys.executable, str(CHECKER), "--package", str(package.path), "--header", str(HEADER)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "plx_log_metric argument 4 is `int64_t`" in done.stdout
    assert "FAILED: 1 problems" in done.stdout


def test_every_prototype_of_the_header_is_read():
    prototypes, macros, trouble = checker.parse_header(HEADER.read_text(encoding="utf-8"))
    assert trouble == []
    # cbindgen starts each prototype at column 0 with its return type.
    declared = re.findall(r"^[a-z][\w ]*?\**(plx_\w+)\(", HEADER.read_text(), flags=re.M)
    assert len(declared) > 50
    assert set(prototypes) == set(declared)
    assert prototypes["plx_log_metric"].params == ["uint64_t", "const char *", "double", "int64_t"]
    assert prototypes["plx_log_metrics"].params[1] == "const char * const *"
    assert prototypes["plx_run_open"].params[3] == "uint64_t *"
    assert prototypes["plx_status_str"].ret == "const char *"
    assert prototypes["plx_version_number"].ret == "uint32_t"
    assert prototypes["plx_install_signal_handlers"].params == []
    assert macros["PLX_ERR_BUSY"] == "19"


def test_every_c_type_of_the_header_has_julia_types():
    prototypes, _, _ = checker.parse_header(HEADER.read_text(encoding="utf-8"))
    used = {p.ret for p in prototypes.values()}
    used |= {t for p in prototypes.values() for t in p.params}
    assert used - set(checker.C_TO_JULIA) == set()


def test_a_removed_binding_is_reported(package):
    package.edit(
        """function plx_log_text(run, name, text, step)
    ccall((:plx_log_text, LIBRARY[]), Int32, (UInt64, Cstring, Cstring, Int64),
          run, name, text, step)
end
""",
        "",
    )
    found = package.messages()
    assert len(found) == 1
    assert found[0].endswith("plx_log_text has no ccall")


def test_a_step_declared_int32_is_reported(package):
    package.edit("(UInt64, Cstring, Cdouble, Int64)", "(UInt64, Cstring, Cdouble, Int32)")
    found = package.messages()
    assert len(found) == 1
    assert "plx_log_metric argument 4 is `int64_t` but the ccall declares `Int32`" in found[0]
    assert found[0].startswith("Plx/src/raw.jl:")


def test_a_dropped_argument_is_reported(package):
    package.edit(
        """          (UInt64, Cstring, Ptr{UInt8}, UInt32, UInt32, UInt32, Int64),
          run, name, pixels, height, width, channels, step)""",
        """          (UInt64, Cstring, Ptr{UInt8}, UInt32, UInt32, Int64),
          run, name, pixels, height, width, step)""",
    )
    found = package.messages()
    assert any("plx_log_image takes 7 arguments but the ccall declares 6" in m for m in found)


def test_a_dropped_value_is_reported(package):
    package.edit("\n          run, name, value, step)", "\n          run, name, value)")
    found = package.messages()
    assert len(found) == 1
    assert "plx_log_metric: the ccall passes 3 values for 4 argument types" in found[0]


def test_a_changed_return_type_is_reported(package):
    package.edit(
        "ccall((:plx_run_flush, LIBRARY[]), Int32, (UInt64,), run)",
        "ccall((:plx_run_flush, LIBRARY[]), Int64, (UInt64,), run)",
    )
    found = package.messages()
    assert len(found) == 1
    assert "plx_run_flush returns `int32_t` but the ccall declares `Int64`" in found[0]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # size_t is 32 bits on 32-bit platforms: UInt64 is wrong there.
        (
            "(UInt64, Ptr{Cstring}, Csize_t), run, tags, count)",
            "(UInt64, Ptr{Cstring}, UInt64), run, tags, count)",
            "plx_log_tags argument 3 is `size_t`",
        ),
        # An output buffer is not a C string going in.
        (
            "(UInt64, Ptr{UInt8}, Csize_t, Ref{Csize_t}),\n          run, buf",
            "(UInt64, Cstring, Csize_t, Ref{Csize_t}),\n          run, buf",
            "plx_run_uuid argument 2 is `char *`",
        ),
        (
            "(Cstring, Cstring, Cstring, Ref{UInt64})",
            "(Cstring, Cstring, Cstring, Ref{Int64})",
            "plx_run_open argument 4 is `uint64_t *`",
        ),
        (
            "(UInt64, Cstring, Ptr{Int16}, Csize_t",
            "(UInt64, Cstring, Ptr{Cfloat}, Csize_t",
            "plx_log_audio_int16 argument 3 is `const int16_t *`",
        ),
        (
            "(UInt64, Cstring, Cstring, Cstring, Cstring, Bool),\n          run, path, kind",
            "(UInt64, Cstring, Cstring, Cstring, Cstring, Cint),\n          run, path, kind",
            "plx_log_artifact_ref argument 6 is `bool`",
        ),
    ],
)
def test_a_wrong_argument_type_is_reported(package, old, new, expected):
    package.edit(old, new)
    found = package.messages()
    assert len(found) == 1
    assert expected in found[0]


def test_an_unknown_function_is_reported(package):
    package.edit("ccall((:plx_log_html,", "ccall((:plx_log_htm,")
    found = package.messages()
    assert any(m.endswith("plx_log_htm is not a function of plx.h") for m in found)
    assert any(m.endswith("plx_log_html has no ccall") for m in found)


def test_a_second_binding_of_a_function_is_reported(package):
    package.add(
        "extra.jl",
        "flush_again(run) = ccall((:plx_run_flush, \"libplx\"), Int32, (UInt64,), run)\n",
    )
    found = package.messages()
    assert len(found) == 1
    assert "plx_run_flush is bound 2 times" in found[0]
    assert "Plx/src/extra.jl:1" in found[0]


def test_a_one_tuple_without_its_comma_is_reported(package):
    package.edit(
        "ccall((:plx_run_flush, LIBRARY[]), Int32, (UInt64,), run)",
        "ccall((:plx_run_flush, LIBRARY[]), Int32, (UInt64), run)",
    )
    found = package.messages()
    assert len(found) == 1
    assert "a 1-tuple needs a trailing comma" in found[0]


def test_an_at_ccall_is_reported_not_guessed_at(package):
    package.add("extra.jl", "f(run) = @ccall libplx.plx_run_flush(run::UInt64)::Int32\n")
    found = package.messages()
    assert found == ["Plx/src/extra.jl:1: @ccall is not checked by this script; use ccall"]


def test_ccalls_in_comments_and_strings_are_ignored(package):
    package.add(
        "extra.jl",
        '''# ccall((:plx_bogus, LIBRARY[]), Int32, ())
#= a block comment #= nested =# ccall((:plx_bogus2, lib), Int32, ()) =#
"""
    docs(x)

An example: `ccall((:plx_bogus3, lib), Int64, (Int8,), x)`.
"""
docs(x) = println("ccall((:plx_bogus4, lib), Int32, ()) $(string("ccall(", x))", '"', 'c')
''',
    )
    assert package.messages() == []


def test_a_changed_constant_is_reported(package):
    package.edit("const PLX_ERR_IO = Int32(11)", "const PLX_ERR_IO = Int32(12)")
    found = package.messages()
    assert len(found) == 1
    assert "PLX_ERR_IO is 12 in Julia but 11 in plx.h" in found[0]


def test_a_missing_constant_is_reported(package):
    package.edit("const PLX_ERR_BUSY = Int32(19)\n", "")
    found = package.messages()
    assert found == ["plx.h: PLX_ERR_BUSY = 19 has no Julia constant"]


def test_a_new_header_function_is_reported(package, tmp_path):
    header = tmp_path / "plx.h"
    text = HEADER.read_text(encoding="utf-8")
    marker = "plx_status plx_run_flush(plx_run run);"
    assert marker in text
    header.write_text(
        text.replace(marker, marker + "\n\nplx_status plx_run_rewind(plx_run run, int64_t step);"),
        encoding="utf-8",
    )
    found = messages(header=header, package=PACKAGE)
    assert len(found) == 1
    assert found[0].endswith("plx_run_rewind has no ccall")


def test_a_header_type_without_a_mapping_is_reported(tmp_path):
    header = tmp_path / "plx.h"
    text = HEADER.read_text(encoding="utf-8")
    old = "plx_status plx_log_progress(plx_run run, double progress);"
    assert old in text
    header.write_text(
        text.replace(old, "plx_status plx_log_progress(plx_run run, long double progress);"),
        encoding="utf-8",
    )
    found = messages(header=header, package=PACKAGE)
    assert len(found) == 1
    assert "plx_log_progress: no Julia type is known for `long double`" in found[0]


def test_a_prototype_the_parser_cannot_read_is_reported(tmp_path):
    header = tmp_path / "plx.h"
    text = HEADER.read_text(encoding="utf-8")
    old = "plx_status plx_log_line(plx_run run, const char *text);"
    assert old in text
    header.write_text(
        text.replace(old, "plx_status plx_log_line(plx_run run, void (*cb)(int));"),
        encoding="utf-8",
    )
    found = messages(header=header, package=PACKAGE)
    assert any("cannot read `plx_status plx_log_line(" in m for m in found)
