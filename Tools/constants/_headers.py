"""Shared by the constant modules: `derived(header)` rewrites a header whose
constants are enum members (glibc's `SOCK_STREAM = 1, #define SOCK_STREAM
SOCK_STREAM`, the kernel's `MEMBARRIER_CMD_QUERY = 0`) or carry sparse casts
(`(__poll_t)0x0001`), which the generator's `#define` reader cannot evaluate,
as plain `#define NAME VALUE` lines into .build-constants/ (ignored by git).
Modules read that copy instead. Files starting with `_` are not modules."""
import os
import re

INC = "/usr/include"

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DERIVED = os.path.join(ROOT, ".build-constants")


def derived(header):
    """`header` with its enum members as #defines, casts dropped and
    continuation lines joined; returns the copy's path."""
    with open(header) as f:
        text = f.read().replace("\\\n", " ")
    text = re.sub(r"\((?:__force\s+)?__poll_t\)", "", text)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    # uapi's _BITUL(n) (linux/const.h) as the number it makes.
    text = re.sub(r"\b_BITULL?\((\d+)\)", r"(1 << \1)", text)
    out, in_enum, counter = [], False, 0
    members = {}
    for line in text.split("\n"):
        if re.match(r"^\s*(?:typedef\s+)?enum\b[^;]*$", line):
            in_enum, counter = True, 0
        if in_enum and not line.lstrip().startswith("#"):
            for m in re.finditer(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*([^,}]+?))?\s*(?:,|}|$)", line.split("{")[-1]):
                name, value = m.group(1), m.group(2)
                if name == "enum" or not name[0].isupper():
                    continue
                out.append(f"#define {name} {value.strip() if value else counter}")
                try:
                    # An alias of an earlier member (`IFLA_TARGET_NETNSID = IFLA_IF_NETNSID`) takes its value.
                    expr = re.sub(r"\b([A-Za-z_][A-Za-z0-9_]*)\b", lambda n: str(members.get(n.group(1), n.group(1))), value) if value else ""
                    counter = int(eval(re.sub(r"\b0([0-7]+)\b", r"0o\1", expr), {"__builtins__": {}})) + 1 if value else counter + 1
                except Exception:
                    counter += 1
                members[name] = counter - 1
            if "}" in line:
                in_enum = False
            continue
        plain = re.match(r"^\s*#\s*define\s+([A-Z_][A-Z0-9_]*)\s+(0[xX][0-9a-fA-F]+|[0-9]+)\s*$", line)
        if plain:
            # A plain number an enum member may be set to (`= SELNL_MSG_BASE`).
            members[plain.group(1)] = int(plain.group(2), 0)
        m = re.match(r"^\s*#\s*define\s+([A-Z_][A-Z0-9_]*)\s+\1\s*$", line)
        if not m:
            out.append(line)
    path = os.path.join(DERIVED, os.path.relpath(header, INC))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("/* Derived by Tools/constants/_headers.py from " + header + ". */\n" + "\n".join(out) + "\n")
    return path
