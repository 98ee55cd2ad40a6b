#!/usr/bin/env python3
"""Checks every `ccall` of the Julia package against the prototypes of include/plx.h.

There is no Julia runtime on the machines that develop and test plx, so nothing there can load
the package. This script is what stands between a changed header and a Julia binding that passes
the wrong arguments: it fails when

- a `ccall` names a function that plx.h does not declare,
- a function of plx.h has no `ccall`, or more than one,
- a `ccall` passes a different number of arguments than the prototype has, or a number of values
  that differs from its own argument types,
- an argument type or the return type is not one of the Julia types allowed for the C type
  (the table C_TO_JULIA below), or a C type has no entry in that table,
- a `PLX_*` constant of plx.h is missing from the package, or has another value there.

Usage: check_ccalls.py [--header include/plx.h] [--package bindings/julia/Plx]
(the defaults are found relative to this file). Exit status 0 when everything agrees, 1 with one
line per problem otherwise, 2 when a file cannot be read.

Limits: the header is read as cbindgen writes it (prototypes of plain and pointer types, no
function pointers, no arrays, no macros around declarations); Julia is read by a small lexer that
skips comments, strings, characters and commands, and only `ccall((:name, library), ...)` with a
literal tuple of argument types is understood. `@ccall` and other forms are reported rather than
guessed at. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_HEADER = HERE.parents[1] / "include" / "plx.h"
DEFAULT_PACKAGE = HERE / "Plx"

# C type (after typedefs are resolved, in the canonical spelling of `c_type_text`) -> the Julia
# types a ccall may declare for it. Every entry is the same size and meaning on every platform
# Julia runs on (`Csize_t` and `UInt` follow size_t; `Cint` is Int32 everywhere).
C_TO_JULIA = {
    "void": {"Cvoid", "Nothing"},
    "bool": {"Bool"},
    "int16_t": {"Int16", "Cshort"},
    "int32_t": {"Int32", "Cint"},
    "int64_t": {"Int64", "Clonglong"},
    "uint8_t": {"UInt8", "Cuchar"},
    "uint32_t": {"UInt32", "Cuint"},
    "uint64_t": {"UInt64", "Culonglong"},
    "size_t": {"Csize_t", "UInt"},
    "double": {"Cdouble", "Float64"},
    "float": {"Cfloat", "Float32"},
    # A NUL-terminated string in: Cstring also checks for an embedded NUL.
    "const char *": {"Cstring", "Ptr{UInt8}", "Ptr{Cchar}"},
    # A caller's buffer that plx writes into: never Cstring, which is for text going in.
    "char *": {"Ptr{UInt8}", "Ptr{Cchar}"},
    "const char * const *": {"Ptr{Cstring}", "Ptr{Ptr{UInt8}}", "Ptr{Ptr{Cchar}}"},
    "const uint8_t *": {"Ptr{UInt8}", "Ptr{Cuchar}"},
    "const int16_t *": {"Ptr{Int16}", "Ptr{Cshort}"},
    "const float *": {"Ptr{Cfloat}", "Ptr{Float32}"},
    "const double *": {"Ptr{Cdouble}", "Ptr{Float64}"},
    "size_t *": {"Ref{Csize_t}", "Ptr{Csize_t}", "Ref{UInt}", "Ptr{UInt}"},
    "uint64_t *": {"Ref{UInt64}", "Ptr{UInt64}"},
}

C_TYPE_WORDS = {
    "void", "bool", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
    "const", "volatile", "struct", "enum",
}
CALLING_CONVENTIONS = {"cdecl", "stdcall", "fastcall", "thiscall", "llvmcall"}


@dataclass
class Prototype:
    name: str
    ret: str
    params: list[str]
    line: int


@dataclass
class CCall:
    name: str | None
    ret: str | None
    arg_types: list[str] | None
    value_count: int
    file: str
    line: int
    trouble: list[str] = field(default_factory=list)


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# ---------------------------------------------------------------------------------------------
# The header


def strip_c_comments(text: str) -> str:
    """Blanks out /* */ and // comments, keeping newlines so line numbers stay right."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return re.sub(r"/\*.*?\*/|//[^\n]*", blank, text, flags=re.S)


def c_type_text(tokens: list[str]) -> str:
    """The canonical spelling of a C type: its tokens joined by single spaces, as in
    `const char * const *`."""
    return " ".join(tokens)


def parse_header(text: str) -> tuple[dict[str, Prototype], dict[str, str], list[tuple[int, str]]]:
    """Returns the prototypes by name (typedefs resolved), the `#define NAME value` macros, and
    (line, text) of each statement that names a plx_ function but cannot be read as a
    prototype."""
    code, macros = split_preprocessor(strip_c_comments(text))
    typedefs: dict[str, list[str]] = {}
    found: list[tuple[str, list[str], list[list[str]], int]] = []
    trouble: list[tuple[int, str]] = []
    # cbindgen ends each declaration with `;`; `{` and `}` are those of the extern "C" block.
    for match in re.finditer(r"[^;{}]+", code):
        statement = match.group(0)
        leading = len(statement) - len(statement.lstrip())
        line = code.count("\n", 0, match.start() + leading) + 1
        flat = " ".join(statement.split())
        if flat.startswith("typedef "):
            tokens = tokenize_c_type(flat[len("typedef "):])
            if tokens and len(tokens) >= 2:
                typedefs[tokens[-1]] = tokens[:-1]
            continue
        if flat.startswith('extern "C"') or "plx_" not in flat or "(" not in flat:
            continue
        proto = re.fullmatch(r"(.+?)\b(plx_\w+)\s*\(([^()]*)\)", flat)
        ret = tokenize_c_type(proto.group(1)) if proto else None
        params = []
        if proto and proto.group(3).strip() not in ("", "void"):
            params = [tokenize_c_type(piece) for piece in proto.group(3).split(",")]
        if ret is None or any(p is None for p in params):
            trouble.append((line, f"cannot read `{flat}` as a prototype"))
            continue
        found.append((proto.group(2), ret, [drop_name(p) for p in params], line))

    prototypes = {
        name: Prototype(
            name=name,
            ret=c_type_text(resolve(ret, typedefs)),
            params=[c_type_text(resolve(p, typedefs)) for p in params],
            line=line,
        )
        for name, ret, params, line in found
    }
    return prototypes, macros, trouble


def split_preprocessor(text: str) -> tuple[str, dict[str, str]]:
    """Blanks out preprocessor lines (with their continuations) and returns the code that is
    left and the `#define NAME value` macros."""
    macros: dict[str, str] = {}
    lines = text.split("\n")
    code: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("#"):
            code.append(lines[i])
            i += 1
            continue
        directive = lines[i]
        while directive.endswith("\\") and i + 1 < len(lines):
            code.append("")
            i += 1
            directive = directive[:-1] + " " + lines[i]
        define = re.match(r"\s*#\s*define\s+(\w+)\s+(.+?)\s*$", directive)
        if define:
            macros[define.group(1)] = define.group(2)
        code.append("")
        i += 1
    return "\n".join(code), macros


def tokenize_c_type(text: str) -> list[str] | None:
    """Identifiers and `*`; None when anything else (brackets, parentheses) is there."""
    rest = re.sub(r"[A-Za-z_]\w*|\*|\s+", "", text)
    if rest:
        return None
    return re.findall(r"[A-Za-z_]\w*|\*", text)


def drop_name(tokens: list[str]) -> list[str]:
    """A parameter's type: its tokens without the parameter's name, when it has one."""
    if len(tokens) >= 2 and tokens[-1] != "*" and tokens[-1] not in C_TYPE_WORDS:
        if tokens[-2] == "*" or tokens[-2] not in {"const", "volatile", "struct", "enum"}:
            return tokens[:-1]
    return tokens


def resolve(tokens: list[str], typedefs: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if token in typedefs:
            out.extend(resolve(typedefs[token], typedefs))
        else:
            out.append(token)
    return out


# ---------------------------------------------------------------------------------------------
# Julia sources


IDENT_CHARS = re.compile(r"[\w!\u00a0-\uffff]")


def mask_julia(text: str) -> str:
    """Returns `text` with comments and the insides of string, character and command literals
    replaced by spaces (newlines kept), so that what is left is code. Interpolated code inside
    strings (`$(...)`) is kept, as Julia runs it."""
    out = list(text)
    n = len(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, min(end, n)):
            if out[k] != "\n":
                out[k] = " "

    def skip_block_comment(i: int) -> int:
        depth = 0
        while i < n:
            if text.startswith("#=", i):
                depth += 1
                i += 2
            elif text.startswith("=#", i):
                depth -= 1
                i += 2
                if depth == 0:
                    return i
            else:
                i += 1
        return n

    def skip_string(i: int, quote: str, raw: bool) -> int:
        """`i` is just past the opening quote; returns the index just past the closing one."""
        while i < n:
            if text.startswith(quote, i):
                return i + len(quote)
            c = text[i]
            if c == "\\":
                blank(i, i + 2)
                i += 2
                continue
            if c == "$" and not raw and quote != "`" and i + 1 < n and text[i + 1] == "(":
                i = scan_code(i + 2, closing=")")
                continue
            blank(i, i + 1)
            i += 1
        return n

    def scan_code(i: int, closing: str | None) -> int:
        depth = 0
        while i < n:
            c = text[i]
            if closing is not None:
                if c in "([{":
                    depth += 1
                elif c in ")]}":
                    if depth == 0:
                        return i + 1
                    depth -= 1
            if text.startswith("#=", i):
                end = skip_block_comment(i)
                blank(i, end)
                i = end
            elif c == "#":
                end = text.find("\n", i)
                end = n if end < 0 else end
                blank(i, end)
                i = end
            elif text.startswith('"""', i) or text.startswith("```", i):
                quote = text[i : i + 3]
                raw = i > 0 and bool(IDENT_CHARS.match(text[i - 1]))
                i = skip_string(i + 3, quote, raw)
            elif c == '"' or c == "`":
                raw = i > 0 and bool(IDENT_CHARS.match(text[i - 1]))
                i = skip_string(i + 1, c, raw)
            elif c == "'" and not (i > 0 and re.match(r"[\w)\]}'.!\u00a0-\uffff]", text[i - 1])):
                # A character literal (an adjoint follows a name or a closing bracket directly).
                end = i + 1
                if end < n and text[end] == "\\":
                    end += 2
                    while end < n and text[end] != "'" and text[end] != "\n":
                        end += 1
                elif end < n:
                    end += 1
                if end < n and text[end] == "'":
                    blank(i + 1, end)
                    i = end + 1
                else:
                    i += 1
            else:
                i += 1
        return n

    scan_code(0, closing=None)
    return "".join(out)


def split_top_level(text: str) -> tuple[list[str], bool]:
    """Splits at commas outside brackets; also says whether there was a comma at all."""
    parts, depth, start, comma = [], 0, 0, False
    for k, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
            comma = True
    parts.append(text[start:])
    parts = [p.strip() for p in parts]
    if parts and parts[-1] == "" and comma:
        parts.pop()  # a trailing comma
    if parts == [""]:
        parts = []
    return parts, comma


def julia_type_text(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\b(?:Base|Core)\.", "", text)


def matching_paren(masked: str, open_index: int) -> int:
    depth = 0
    for k in range(open_index, len(masked)):
        c = masked[k]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return k
    return -1


def parse_ccalls(text: str, filename: str) -> tuple[list[CCall], list[Problem]]:
    masked = mask_julia(text)
    calls: list[CCall] = []
    problems: list[Problem] = []
    for match in re.finditer(r"@ccall\b", masked):
        line = masked.count("\n", 0, match.start()) + 1
        problems.append(
            Problem(f"{filename}:{line}", "@ccall is not checked by this script; use ccall")
        )
    for match in re.finditer(r"(?<![\w@!])ccall\s*\(", masked):
        line = masked.count("\n", 0, match.start()) + 1
        open_index = match.end() - 1
        close_index = matching_paren(masked, open_index)
        where = f"{filename}:{line}"
        if close_index < 0:
            problems.append(Problem(where, "ccall without a closing parenthesis"))
            continue
        args, _ = split_top_level(masked[open_index + 1 : close_index])
        call = CCall(None, None, None, 0, filename, line)
        calls.append(call)
        if len(args) >= 2 and args[1] in CALLING_CONVENTIONS:
            args = args[:1] + args[2:]
        if len(args) < 3:
            call.trouble.append("ccall needs a function, a return type and argument types")
            continue
        target, ret, types = args[0], args[1], args[2]
        name = re.fullmatch(r"\(\s*:(\w+)\s*,\s*\S.*\)", target, flags=re.S)
        if name is None:
            call.trouble.append(
                f"cannot read the function of `ccall({' '.join(target.split())}, ...)`: "
                "write it as (:plx_name, library)"
            )
        else:
            call.name = name.group(1)
        call.ret = julia_type_text(ret)
        if not (types.startswith("(") and matching_paren(types, 0) == len(types) - 1):
            call.trouble.append(f"the argument types `{types}` are not a literal tuple")
        else:
            inner, comma = split_top_level(types[1:-1])
            if len(inner) == 1 and not comma:
                call.trouble.append(
                    f"the argument types `{types}` are not a tuple: a 1-tuple needs a "
                    "trailing comma"
                )
            else:
                call.arg_types = [julia_type_text(t) for t in inner]
        call.value_count = len(args) - 3
    return calls, problems


# ---------------------------------------------------------------------------------------------
# Constants


def c_macro_value(text: str) -> object:
    text = text.strip()
    if text == "INT64_MIN":
        return -(2**63)
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    if re.fullmatch(r"[\d\s()*+-]+", text):
        return eval(text, {"__builtins__": {}}, {})  # digits and operators only
    return None


def julia_const_value(text: str) -> object:
    text = text.strip()
    if re.fullmatch(r"typemin\(\s*Int64\s*\)", text):
        return -(2**63)
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    typed = re.fullmatch(r"(?:U?Int(?:8|16|32|64)|Cint|Cuint)\((.*)\)", text)
    if typed:
        text = typed.group(1)
    if re.fullmatch(r"[\d_\s()*+-]+", text):
        return eval(text.replace("_", ""), {"__builtins__": {}}, {})
    return None


def parse_constants(text: str, filename: str) -> dict[str, tuple[object, str]]:
    masked = mask_julia(text)
    found = {}
    for match in re.finditer(r"^[ \t]*const\s+(PLX_\w+)\s*=\s*([^\n]+)", masked, flags=re.M):
        line = masked.count("\n", 0, match.start()) + 1
        # The masked text has the trailing comment blanked out; the original has the value.
        end = match.start(2) + len(match.group(2).rstrip())
        value = julia_const_value(text[match.start(2) : end])
        found[match.group(1)] = (value, f"{filename}:{line}")
    return found


# ---------------------------------------------------------------------------------------------
# The check


@dataclass
class Report:
    problems: list[Problem]
    prototypes: dict[str, Prototype]
    calls: list[CCall]
    constants: int


def julia_files(package: Path) -> list[Path]:
    return sorted(p for p in package.rglob("*.jl") if p.is_file())


def check(header: Path, package: Path) -> Report:
    prototypes, macros, trouble = parse_header(header.read_text(encoding="utf-8"))
    problems = [Problem(f"{header.name}:{line}", text) for line, text in trouble]
    if not prototypes:
        problems.append(Problem(header.name, "no plx_ prototype found"))

    calls: list[CCall] = []
    constants: dict[str, tuple[object, str]] = {}
    files = julia_files(package)
    if not files:
        problems.append(Problem(str(package), "no .jl file found"))
    for path in files:
        rel = path.relative_to(package.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        found, file_problems = parse_ccalls(text, rel)
        calls.extend(found)
        problems.extend(file_problems)
        for name, value in parse_constants(text, rel).items():
            if name in constants:
                problems.append(Problem(value[1], f"{name} is defined twice"))
            constants[name] = value

    bound: dict[str, list[CCall]] = {}
    for call in calls:
        where = f"{call.file}:{call.line}"
        problems.extend(Problem(where, t) for t in call.trouble)
        if call.name is None:
            continue
        proto = prototypes.get(call.name)
        if proto is None:
            problems.append(Problem(where, f"{call.name} is not a function of plx.h"))
            continue
        bound.setdefault(call.name, []).append(call)
        problems.extend(compare(call, proto, where))

    for name, sites in bound.items():
        if len(sites) > 1:
            places = ", ".join(f"{c.file}:{c.line}" for c in sites)
            problems.append(Problem(places, f"{name} is bound {len(sites)} times, not once"))
    for name, proto in sorted(prototypes.items(), key=lambda kv: kv[1].line):
        if name not in bound:
            problems.append(Problem(f"{header.name}:{proto.line}", f"{name} has no ccall"))

    checked = 0
    for name, text in sorted(macros.items()):
        if not name.startswith("PLX_") or name == "PLX_H":
            continue
        want = c_macro_value(text)
        if want is None:
            problems.append(Problem(header.name, f"cannot read the value of {name}: {text}"))
            continue
        if name not in constants:
            problems.append(Problem(header.name, f"{name} = {text} has no Julia constant"))
            continue
        got, where = constants[name]
        checked += 1
        if got != want:
            problems.append(Problem(where, f"{name} is {got!r} in Julia but {text} in plx.h"))
    for name, (_, where) in constants.items():
        if name not in macros:
            problems.append(Problem(where, f"{name} is not a macro of plx.h"))

    return Report(problems, prototypes, calls, checked)


def compare(call: CCall, proto: Prototype, where: str) -> list[Problem]:
    problems = []
    allowed = C_TO_JULIA.get(proto.ret)
    if allowed is None:
        problems.append(Problem(where, f"{proto.name}: no Julia type is known for `{proto.ret}`"))
    elif call.ret not in allowed:
        problems.append(
            Problem(
                where,
                f"{proto.name} returns `{proto.ret}` but the ccall declares `{call.ret}` "
                f"(allowed: {', '.join(sorted(allowed))})",
            )
        )
    if call.arg_types is None:
        return problems
    if len(call.arg_types) != len(proto.params):
        problems.append(
            Problem(
                where,
                f"{proto.name} takes {len(proto.params)} arguments but the ccall declares "
                f"{len(call.arg_types)}",
            )
        )
    if call.value_count != len(call.arg_types):
        problems.append(
            Problem(
                where,
                f"{proto.name}: the ccall passes {call.value_count} values for "
                f"{len(call.arg_types)} argument types",
            )
        )
    for index, (c_type, julia_type) in enumerate(zip(proto.params, call.arg_types), start=1):
        allowed = C_TO_JULIA.get(c_type)
        if allowed is None:
            problems.append(
                Problem(where, f"{proto.name}: no Julia type is known for `{c_type}`")
            )
        elif julia_type not in allowed:
            problems.append(
                Problem(
                    where,
                    f"{proto.name} argument {index} is `{c_type}` but the ccall declares "
                    f"`{julia_type}` (allowed: {', '.join(sorted(allowed))})",
                )
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--header", type=Path, default=DEFAULT_HEADER)
    parser.add_argument("--package", type=Path, default=DEFAULT_PACKAGE)
    args = parser.parse_args(argv)
    try:
        report = check(args.header, args.package)
    except OSError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem)
    bound = {c.name for c in report.calls if c.name}
    summary = (
        f"{len(report.prototypes)} functions in plx.h, {len(bound & set(report.prototypes))} "
        f"bound by {len(report.calls)} ccalls, {report.constants} constants compared"
    )
    if report.problems:
        print(f"FAILED: {len(report.problems)} problems; {summary}")
        return 1
    print(f"ok: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
