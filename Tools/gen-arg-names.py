#!/usr/bin/env python3
"""Generates Sources/WiretapSyscalls/Model/Generated/ArgumentNames.swift: the names
`-N` (`--arg-names`) prints before each argument of a native (x86_64)
syscall, taken from the prototypes in this machine's section 2 manual pages
(manpages-dev, /usr/share/man/man2/*.2.gz).

    python3 Tools/gen-arg-names.py

How:
  * Each page's SYNOPSIS is stripped of its roff markup (.B/.BI/.BR/... font
    macros, \\f escapes, continuation lines) and split into C declarations;
    every function prototype gives function name -> parameter names (the last
    identifier of each parameter, after removing array brackets such as
    `argv[]` or `addr[.length]`; the name inside `(*fn)` for a function
    pointer). `syscall(SYS_name, ...)` prototypes name the raw syscall `name`.
    A trailing `... /* type name */` counts as a parameter called `name`; a
    bare `...` makes the prototype variadic (no names).
  * clone(2) documents the raw syscall's x86-64 argument order in NOTES (the
    block after "The raw system call interface on x86-64"); that block is
    used for clone instead of the glibc wrapper of its SYNOPSIS.
  * Syscalls are matched by name, then through RENAMES (where the page names
    the glibc wrapper of the syscall).
  * Tools/data/arg-name-renames.tsv renames the parameters whose names strace
    6.16 prints differently (later man-pages releases renamed them).
  * A syscall gets names only when the prototype has exactly as many
    parameters as strace prints for the syscall (Tools/data/
    x86_64-syscall-classes.tsv): a wrapper whose arguments differ from the
    syscall's gives none. Those left without names are listed at the end of
    the generated file.
"""
import glob
import gzip
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "WiretapSyscalls", "Model", "Generated", "ArgumentNames.swift")
DATA = os.path.join(ROOT, "Tools", "data", "x86_64-syscall-classes.tsv")
RENAMED = os.path.join(ROOT, "Tools", "data", "arg-name-renames.tsv")
MAN = "/usr/share/man/man2"
MAN3 = "/usr/share/man/man3"
# Syscalls documented in section 3 only (as the POSIX function of the same name).
SECTION3 = ["getcwd", "mq_open", "mq_unlink", "mq_send", "mq_receive", "mq_notify"]

# Syscall -> the function name its manual page documents it under, where
# they differ (the wrapper keeps the syscall's arguments; the count check
# below still applies).
RENAMES = {
    "newfstatat": "fstatat",
    "pread64": "pread",
    "pwrite64": "pwrite",
    "getdents64": "getdents",
    "fadvise64": "posix_fadvise",
    "prlimit64": "prlimit",
    "_sysctl": "sysctl",
    "exit": "_exit",
    "eventfd2": "eventfd",
}

MACROS = ("B", "I", "R", "BI", "IB", "BR", "RB", "IR", "RI", "SM", "SB")


def roff_args(rest):
    """Splits a macro line's arguments the way roff does (quotes group)."""
    args, i, n = [], 0, len(rest)
    while i < n:
        while i < n and rest[i] == " ":
            i += 1
        if i >= n:
            break
        if rest[i] == '"':
            j = i + 1
            buf = []
            while j < n:
                if rest[j] == '"':
                    if j + 1 < n and rest[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(rest[j])
                j += 1
            args.append("".join(buf))
            i = j + 1
        else:
            j = i
            while j < n and rest[j] != " ":
                j += 1
            args.append(rest[i:j])
            i = j
    return args


def unescape(text):
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", text)  # font changes
    text = re.sub(r"\\[&:/,]", "", text)
    text = text.replace("\\-", "-").replace("\\ ", " ").replace("\\~", " ").replace("\\e", "\\")
    text = re.sub(r"\\\*\((\w\w)", "", text)
    return text


def plain(lines):
    """Roff lines -> C text, one output line per input line (continuations joined)."""
    joined, pending = [], ""
    for line in lines:
        if line.startswith('.\\"') or line.startswith("'\\\""):
            continue
        if line.endswith("\\") and not line.endswith("\\\\"):
            pending += line[:-1]
            continue
        joined.append(pending + line)
        pending = ""
    if pending:
        joined.append(pending)
    out = []
    for line in joined:
        if line.startswith("."):
            m = re.match(r"\.(\w+)\s*(.*)$", line)
            if not m:
                continue
            macro, rest = m.groups()
            if macro not in MACROS:
                continue
            args = roff_args(rest)
            sep = " " if macro in ("B", "I", "SM", "SB") else ""
            out.append(unescape(sep.join(args)))
        else:
            out.append(unescape(line))
    return out


def sections(text):
    """{section title: [lines]} of a page (first occurrence of each)."""
    result, current = {}, None
    for line in text.splitlines():
        m = re.match(r'\.SH\s+"?([^"]*)"?\s*$', line)
        if m:
            current = m.group(1).strip().upper()
            result.setdefault(current, [])
            continue
        if current is not None:
            result[current].append(line)
    return result


def declarations(c_lines):
    """Function prototypes in C text: [(name, [parameter text], variadic)]."""
    text = "\n".join(c_lines)
    # `... /* mode_t mode */` or `... /* arg */`: the commented parameter counts.
    text = re.sub(r"\.\.\.\s*/\*\s*([A-Za-z_][\w\s*,]*?\w)\s*\*/",
                  lambda m: ", ".join("@" + p.strip() for p in m.group(1).split(",")), text)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    text = re.sub(r"\[\[[^]]*\]\]", " ", text)
    result = []
    for decl in text.split(";"):
        decl = " ".join(decl.split())
        m = re.match(r"^[\w\s*]*?\b([A-Za-z_]\w*)\s*\((.*)\)$", decl)
        if not m:
            continue
        name, params = m.group(1), m.group(2)
        parts, depth, cur = [], 0, ""
        for ch in params:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur.strip())
                cur = ""
            else:
                cur += ch
        if cur.strip():
            parts.append(cur.strip())
        if name == "syscall" and parts and parts[0].startswith("SYS_"):
            name, parts = parts[0][4:], parts[1:]
        if parts == ["void"]:
            parts = []
        result.append((name, parts))
    return result


def parameter_name(param):
    """The name a parameter declares; None for `...` or an unnamed one."""
    if param == "...":
        return None
    fp = re.search(r"\(\s*\*\s*(?:_Nullable\s+|_Nonnull\s+)?([A-Za-z_]\w*)\s*\)", param)
    if fp:
        return fp.group(1)
    param = re.sub(r"\[[^]]*\]", "", param)
    words = re.findall(r"[A-Za-z_]\w*", param)
    qualifiers = {"const", "restrict", "volatile", "_Nullable", "_Nonnull", "struct", "union", "enum",
                  "unsigned", "signed", "int", "long", "short", "char", "void"}
    if param.startswith("@"):  # from `... /* arg */`
        param = param[1:]
        if re.fullmatch(r"[a-z_]\w*", param):
            return param
    if len(words) < 2 or words[-1] in qualifiers:
        return None
    return words[-1]


def prototypes():
    """{function: [(parameter names or None, page)]} from every page."""
    found = {}
    for path in sorted(glob.glob(os.path.join(MAN, "*.2.gz"))) + [os.path.join(MAN3, p + ".3.gz") for p in SECTION3]:
        if os.path.islink(path):
            continue
        text = gzip.open(path, "rt", errors="replace").read()
        if text.lstrip().startswith(".so "):
            continue
        page = os.path.basename(path)[:-5]
        assert os.path.basename(path)[-5:] in (".2.gz", ".3.gz")
        secs = sections(text)
        decls = declarations(plain(secs.get("SYNOPSIS", [])))
        if page == "clone":
            decls = [d for d in decls if d[0] != "clone"] + clone_raw(secs)
        for name, params in decls:
            if any(re.fullmatch(r"[A-Z_][A-Z0-9_]*", p) for p in params):
                continue  # ioctl_fat(2)'s `ioctl(int fd, FAT_IOCTL_..., ...)`: a request, not a prototype
            names = [parameter_name(p) for p in params]
            found.setdefault(name, []).append((None if None in names else names, page))
    return found


def clone_raw(secs):
    """clone's raw x86-64 prototype from clone(2) NOTES."""
    lines = secs.get("NOTES", [])
    for i, line in enumerate(lines):
        if "raw system call interface on x86-64" in line:
            start = next(j for j in range(i, len(lines)) if lines[j].startswith(".EX"))
            end = next(j for j in range(start, len(lines)) if lines[j].startswith(".EE"))
            decls = declarations(plain(lines[start + 1:end]))
            assert [d[0] for d in decls] == ["clone"], decls
            return decls
    raise SystemExit("clone(2): no raw x86-64 prototype in NOTES")


def syscalls():
    rows = []
    for line in open(DATA):
        if line.startswith("#") or not line.strip():
            continue
        number, name, count = line.rstrip("\n").split("\t")[:3]
        rows.append((int(number), name, int(count)))
    return rows


def main():
    protos = prototypes()
    renamed = {}
    for line in open(RENAMED):
        if line.strip() and not line.startswith("#"):
            syscall, old, new = line.rstrip("\n").split("\t")
            renamed[(syscall, old)] = new
    rows = syscalls()
    table, missing = {}, []
    for number, name, count in rows:
        chosen, why = None, "no prototype in section 2"
        for fn in (name, RENAMES.get(name)):
            if not fn or fn not in protos:
                continue
            # The page named after the function first.
            for names, page in sorted(protos[fn], key=lambda e: e[1] != fn):
                if names is None:
                    why = f"{fn}() in {page}(2) is variadic or has an unnamed parameter"
                elif len(names) != count:
                    why = f"{fn}() in {page}(2) has {len(names)} parameters, the syscall {count}"
                else:
                    chosen = names
                    break
            if chosen is not None:
                break
        if chosen is not None:
            table[number] = [renamed.pop((name, p), p) for p in chosen]
        else:
            missing.append((name, why))
    if renamed:
        raise SystemExit(f"{RENAMED}: rows that match no parameter: {sorted(renamed)}")
    size = max(n for n, _, _ in rows) + 1
    names_by_number = {n: name for n, name, _ in rows}
    lines = ["// Generated by Tools/gen-arg-names.py from the SYNOPSIS prototypes of this machine's",
             "// section 2 manual pages (manpages-dev). Do not edit.",
             "import WiretapCore", "",
             "package enum ArgumentNames {",
             "    /// x86_64: the names `-N` prints before each argument, by syscall number",
             "    /// (empty: none known).",
             "    static let x86_64: [[StaticString]] = ["]
    for n in range(size):
        names = table.get(n)
        body = ", ".join(f'"{x}"' for x in names) if names else ""
        lines.append(f"        [{body}], // {n} {names_by_number.get(n, '')}".rstrip())
    lines.append("    ]")
    lines.append("}")
    lines.append("")
    taking = [n for n, _, count in rows if count > 0]
    named = [n for n in taking if n in table]
    lines.append(f"// {len(named)} of the {len(taking)} x86_64 syscalls that take arguments have names. Without names:")
    for name, why in missing:
        lines.append(f"//   {name}: {why}")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{OUT}: {len(named)} of {len(taking)} syscalls with arguments named")


if __name__ == "__main__":
    main()
